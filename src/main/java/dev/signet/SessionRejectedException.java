package dev.signet;

import java.util.Objects;

/**
 * Thrown by {@link SessionManager#renew}, {@link SessionManager#renewIfDue},
 * {@link SessionManager#elevate} and {@link SessionManager#reauthenticate} when the revocation
 * list refuses the session they were given: {@link Rejection#REVOKED} when an entry matches it,
 * {@link Rejection#REVOCATION_UNAVAILABLE} when the list cannot answer. No token is minted then.
 *
 * <p>Answer as for a rejected verification: 401, or 503 when {@link Rejection#isTransient()}.
 * The message holds no token and no key material.
 */
public final class SessionRejectedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final Rejection rejection;

  SessionRejectedException(Rejection rejection, String message) {
    super(message);
    this.rejection = Objects.requireNonNull(rejection, "rejection");
  }

  /** Why the session was refused: {@link Rejection#REVOKED} or {@link Rejection#REVOCATION_UNAVAILABLE}. */
  public Rejection rejection() {
    return rejection;
  }
}
