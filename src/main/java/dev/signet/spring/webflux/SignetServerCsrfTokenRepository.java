package dev.signet.spring.webflux;

import dev.signet.Session;
import dev.signet.http.CsrfTokens;
import java.util.Optional;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.DefaultCsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring's reactive CSRF token bound to the Signet session ({@link CsrfTokens#tokenFor}, an HMAC
 * of the {@code sid}); before login, Spring's cookie repository.
 */
final class SignetServerCsrfTokenRepository implements ServerCsrfTokenRepository {
  static final String HEADER = "X-CSRF-TOKEN";
  static final String PARAMETER = "_csrf";

  private final SignetServerSecurityContextRepository repository;
  private final CsrfTokens tokens;
  private final CookieServerCsrfTokenRepository beforeLogin = new CookieServerCsrfTokenRepository();

  SignetServerCsrfTokenRepository(SignetServerSecurityContextRepository repository, CsrfTokens tokens) {
    this.repository = repository;
    this.tokens = tokens;
    beforeLogin.setCookieCustomizer(c -> c.sameSite("Strict"));
  }

  @Override
  public Mono<CsrfToken> generateToken(ServerWebExchange exchange) {
    return Mono.defer(() -> {
      Optional<Session> s = repository.session(exchange);
      return s.isPresent() ? Mono.just(token(s.get())) : beforeLogin.generateToken(exchange);
    });
  }

  @Override
  public Mono<Void> saveToken(ServerWebExchange exchange, CsrfToken token) {
    return Mono.defer(() -> token == null || repository.session(exchange).isEmpty()
        ? beforeLogin.saveToken(exchange, token)
        : Mono.empty());
  }

  @Override
  public Mono<CsrfToken> loadToken(ServerWebExchange exchange) {
    return Mono.defer(() -> {
      Optional<Session> s = repository.session(exchange);
      return s.isPresent() ? Mono.just(token(s.get())) : beforeLogin.loadToken(exchange);
    });
  }

  private CsrfToken token(Session s) {
    return new DefaultCsrfToken(HEADER, PARAMETER, tokens.tokenFor(s));
  }
}
