package dev.signet.spring.webflux;

import dev.signet.Rejection;
import dev.signet.Session;
import dev.signet.http.CsrfTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.HttpStatusReturningServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.LogoutWebFilter;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.savedrequest.CookieServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Puts Signet sessions into a WebFlux security chain: the reactive counterpart of
 * {@link dev.signet.spring.security.SignetConfigurer}, as a {@link Customizer} bean.
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain app(ServerHttpSecurity http, SignetServerSecurity signet) {
 *   http.authorizeExchange(a -> a.pathMatchers("/login").permitAll().anyExchange().authenticated())
 *       .formLogin(Customizer.withDefaults());
 *   signet.customize(http);
 *   return http.build();
 * }
 * }</pre>
 *
 * <p>It sets the {@link SignetServerSecurityContextRepository} (so a form or OAuth2 login starts
 * a Signet session and a valid cookie or bearer token authenticates, renewing the cookie on
 * activity); ends the session on logout and every session of the user on
 * {@code POST /logout/everywhere}; binds Spring's CSRF token to the session (bearer-only
 * requests exempt); answers 401, or 503 when the session could not be checked; and keeps the
 * saved request in a cookie instead of the {@code WebSession}. Revocations, which may wait on
 * Redis or a file, run on the bounded-elastic scheduler.
 */
public final class SignetServerSecurity implements Customizer<ServerHttpSecurity> {
  /** The default path of "log out everywhere". */
  public static final String DEFAULT_LOGOUT_EVERYWHERE_PATH = "/logout/everywhere";

  private final SignetServerSecurityContextRepository repository;
  private final CsrfTokens csrf;
  private final String logoutEverywherePath;

  /**
   * The customizer.
   *
   * @param csrf the CSRF tokens to bind Spring's CSRF token to the session, or null to leave
   *     Spring's CSRF configuration as it is
   */
  public SignetServerSecurity(SignetServerSecurityContextRepository repository, CsrfTokens csrf) {
    this(repository, csrf, DEFAULT_LOGOUT_EVERYWHERE_PATH);
  }

  private SignetServerSecurity(SignetServerSecurityContextRepository repository, CsrfTokens csrf, String path) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.csrf = csrf;
    this.logoutEverywherePath = path;
  }

  /** A copy whose "log out everywhere" answers {@code POST path}. */
  public SignetServerSecurity withLogoutEverywherePath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("logoutEverywherePath must start with /");
    }
    return new SignetServerSecurity(repository, csrf, path);
  }

  /** The repository this customizer installs. */
  public SignetServerSecurityContextRepository repository() {
    return repository;
  }

  @Override
  public void customize(ServerHttpSecurity http) {
    SecurityContextServerLogoutHandler clear = new SecurityContextServerLogoutHandler();
    clear.setSecurityContextRepository(repository);
    http.securityContextRepository(repository)
        .requestCache(c -> c.requestCache(new CookieServerRequestCache()))
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint()))
        .logout(l -> l.logoutHandler(new DelegatingServerLogoutHandler(end(false), clear)));
    if (csrf != null) {
      http.csrf(c -> c.csrfTokenRepository(new SignetServerCsrfTokenRepository(repository, csrf))
          .requireCsrfProtectionMatcher(unlessBearerOnly()));
    }
    LogoutWebFilter everywhere = new LogoutWebFilter();
    everywhere.setRequiresLogoutMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, logoutEverywherePath));
    everywhere.setLogoutHandler(new DelegatingServerLogoutHandler(end(true), clear));
    everywhere.setLogoutSuccessHandler(new HttpStatusReturningServerLogoutSuccessHandler());
    http.addFilterAt(everywhere, SecurityWebFiltersOrder.LOGOUT);
  }

  ServerAuthenticationEntryPoint entryPoint() {
    return (exchange, e) -> {
      Optional<Rejection> r = repository.rejection(exchange);
      boolean unavailable = r.isPresent() && r.get().isTransient();
      ServerHttpResponse response = exchange.getResponse();
      response.setStatusCode(unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.UNAUTHORIZED);
      response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
      if (!unavailable) {
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      }
      return response.setComplete();
    };
  }

  /** Ends the session (or every session of its subject) in the store, off the event loop. */
  private ServerLogoutHandler end(boolean everywhere) {
    return (filterExchange, authentication) -> {
      Optional<Session> s = session(filterExchange.getExchange(), authentication);
      if (s.isEmpty()) {
        return Mono.empty();
      }
      return Mono.<Void>fromRunnable(() -> {
        try {
          if (everywhere) {
            repository.sessions().endAll(s.get().subject());
          } else {
            repository.sessions().end(s.get());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("the revocation store did not record the logout", e);
        }
      }).subscribeOn(Schedulers.boundedElastic());
    };
  }

  private Optional<Session> session(ServerWebExchange exchange, Authentication authentication) {
    if (authentication instanceof dev.signet.spring.security.SignetAuthentication) {
      return Optional.of(((dev.signet.spring.security.SignetAuthentication) authentication).session());
    }
    return repository.session(exchange);
  }

  private ServerWebExchangeMatcher unlessBearerOnly() {
    return exchange -> CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange).flatMap(m -> {
      if (!m.isMatch()) {
        return Mono.just(m);
      }
      HttpHeaders h = exchange.getRequest().getHeaders();
      boolean bearerOnly = !Headers.values(h, HttpHeaders.AUTHORIZATION).isEmpty()
          && repository.sessions().cookieToken(Headers.cookies(h)).isEmpty();
      return bearerOnly ? ServerWebExchangeMatcher.MatchResult.notMatch() : ServerWebExchangeMatcher.MatchResult.match();
    });
  }
}
