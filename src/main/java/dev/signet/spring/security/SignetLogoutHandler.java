package dev.signet.spring.security;

import dev.signet.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Ends the request's Signet session on logout and clears its cookie: the {@code sid} alone
 * ({@link #session}), or every session of the subject ({@link #everywhere}). The revocation goes
 * to the shared store, so every instance rejects the session at once.
 *
 * <p>When the store does not acknowledge the revocation the handler fails (an error answer),
 * rather than let the user believe a still-valid session has ended.
 */
final class SignetLogoutHandler implements LogoutHandler {
  private final SignetSecurityContextRepository repository;
  private final boolean everywhere;

  private SignetLogoutHandler(SignetSecurityContextRepository repository, boolean everywhere) {
    this.repository = repository;
    this.everywhere = everywhere;
  }

  static SignetLogoutHandler session(SignetSecurityContextRepository repository) {
    return new SignetLogoutHandler(repository, false);
  }

  static SignetLogoutHandler everywhere(SignetSecurityContextRepository repository) {
    return new SignetLogoutHandler(repository, true);
  }

  @Override
  public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
    Optional<Session> s = authentication instanceof SignetAuthentication
        ? Optional.of(((SignetAuthentication) authentication).session())
        : repository.session(request);
    response.addHeader("Set-Cookie", repository.sessions().cookie().clearing());
    if (s.isEmpty()) {
      return;
    }
    try {
      if (everywhere) {
        repository.sessions().endAll(s.get().subject());
      } else {
        repository.sessions().end(s.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the revocation store did not record the logout", e);
    }
  }
}
