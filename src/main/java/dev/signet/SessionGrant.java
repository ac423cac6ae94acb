package dev.signet;

import java.util.Objects;
import java.util.Optional;

/**
 * What a login (or a privilege change) hands to the client: the session token and, when the
 * manager binds sessions to a fingerprint, the fingerprint value for its own cookie.
 *
 * <p><b>Security:</b> {@link #toString()} shows neither the token nor the fingerprint.
 */
public final class SessionGrant {
  private final IssuedToken token;
  private final String fingerprint;

  SessionGrant(IssuedToken token, String fingerprint) {
    this.token = Objects.requireNonNull(token, "token");
    this.fingerprint = fingerprint;
  }

  /** The token and its session. */
  public IssuedToken token() {
    return token;
  }

  /** The session. */
  public Session session() {
    return token.session();
  }

  /** The fingerprint value to set in the fingerprint cookie, when fingerprint binding is on. */
  public Optional<String> fingerprint() {
    return Optional.ofNullable(fingerprint);
  }

  @Override
  public String toString() {
    return "SessionGrant{" + token + (fingerprint == null ? "" : ", fingerprint=<redacted>") + "}";
  }
}
