package dev.signet.spring.security;

import dev.signet.Session;
import dev.signet.http.CsrfTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * Spring's CSRF token bound to the Signet session: for a request with a valid session the token
 * is {@link CsrfTokens#tokenFor(Session)}, an HMAC of the {@code sid}, so nothing is stored and
 * every instance agrees; it changes with the {@code sid} (login, privilege change). Before login
 * (the login form itself) it falls back to Spring's cookie repository. Spring's
 * {@code CsrfFilter} compares in constant time.
 */
final class SignetCsrfTokenRepository implements CsrfTokenRepository {
  static final String HEADER = "X-CSRF-TOKEN";
  static final String PARAMETER = "_csrf";

  private final SignetSecurityContextRepository repository;
  private final CsrfTokens tokens;
  private final CookieCsrfTokenRepository beforeLogin = new CookieCsrfTokenRepository();

  SignetCsrfTokenRepository(SignetSecurityContextRepository repository, CsrfTokens tokens) {
    this.repository = repository;
    this.tokens = tokens;
    beforeLogin.setCookieCustomizer(c -> c.sameSite("Strict"));
  }

  @Override
  public CsrfToken generateToken(HttpServletRequest request) {
    Optional<Session> s = repository.session(request);
    return s.isPresent() ? token(s.get()) : beforeLogin.generateToken(request);
  }

  @Override
  public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
    if (token == null || repository.session(request).isEmpty()) {
      beforeLogin.saveToken(token, request, response);
    }
  }

  @Override
  public CsrfToken loadToken(HttpServletRequest request) {
    Optional<Session> s = repository.session(request);
    return s.isPresent() ? token(s.get()) : beforeLogin.loadToken(request);
  }

  private CsrfToken token(Session s) {
    return new DefaultCsrfToken(HEADER, PARAMETER, tokens.tokenFor(s));
  }
}
