package dev.signet.revocation;

import dev.signet.Session;

/**
 * The revocation check a {@link dev.signet.TokenVerifier} runs last, after every cryptographic
 * and time check has passed.
 *
 * <p>Implementations answer from local memory only: no I/O, no blocking, no lock contention,
 * because this runs on every verification. A distributed implementation keeps a local mirror
 * and reports {@link Status#UNAVAILABLE} when the mirror is older than its staleness bound.
 *
 * <p>Entries are keyed by ids from inside the verified token ({@code jti}, {@code sid},
 * subject, session start time), never by the token string, which has several spellings.
 */
@FunctionalInterface
public interface RevocationList {
  /** What the list says about one session token. */
  enum Status {
    /** No entry matches. */
    NOT_REVOKED,
    /** An entry matches: the token, its session, its subject's cut-off or the global cut-off. */
    REVOKED,
    /** The list cannot answer now (its store is unreachable past the staleness bound). */
    UNAVAILABLE
  }

  /**
   * Whether the session carried by a verified token has been revoked.
   *
   * <p>Must be fast, must not block, and must not throw; a failure is {@link Status#UNAVAILABLE}.
   */
  Status check(Session session);

  /** The empty list: nothing is ever revoked. The verifier's default. */
  static RevocationList none() {
    return session -> Status.NOT_REVOKED;
  }
}
