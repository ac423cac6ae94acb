package dev.signet.spring.security;

import dev.signet.Rejection;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that needs authentication and has none: 503 when its token could not be
 * checked ({@linkplain Rejection#isTransient() transient}, such as an unavailable revocation
 * store), else the application's entry point or 401. Empty body, {@code Cache-Control: no-store};
 * the reason is never sent.
 */
final class SignetAuthenticationEntryPoint implements AuthenticationEntryPoint {
  private final SignetSecurityContextRepository repository;
  private final AuthenticationEntryPoint delegate;

  SignetAuthenticationEntryPoint(SignetSecurityContextRepository repository, AuthenticationEntryPoint delegate) {
    this.repository = repository;
    this.delegate = delegate;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException, ServletException {
    Optional<Rejection> r = repository.rejection(request);
    if (r.isPresent() && r.get().isTransient()) {
      deny(response, 503);
    } else if (delegate != null) {
      delegate.commence(request, response, e);
    } else {
      response.setHeader("WWW-Authenticate", "Bearer");
      deny(response, 401);
    }
  }

  private static void deny(HttpServletResponse response, int status) {
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(0);
  }
}
