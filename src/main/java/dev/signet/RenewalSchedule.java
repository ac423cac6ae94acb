package dev.signet;

import java.time.Duration;
import java.time.Instant;

/**
 * When {@link SessionManager} renews a token: once {@code renewAfter} of its idle window has
 * passed since it was issued, and only while the session can still be extended (the token's
 * {@code exp} is before the hard expiry {@code sxp}, and {@code sxp} is still ahead).
 */
final class RenewalSchedule {
  private final Duration idleTimeout;
  private final double renewAfter;

  RenewalSchedule(Duration idleTimeout, double renewAfter) {
    this.idleTimeout = idleTimeout;
    this.renewAfter = renewAfter;
  }

  /** Whether the token of {@code session} is due for renewal at {@code now}. */
  boolean isDue(Session session, Instant now) {
    if (!session.expiresAt().isBefore(session.hardExpiresAt()) || !now.isBefore(session.hardExpiresAt())) {
      return false;
    }
    long idleMs = idleTimeout.toMillis();
    Instant due = session.issuedAt().plusMillis((long) Math.ceil(idleMs * renewAfter));
    return !now.isBefore(due);
  }
}
