package dev.signet;

import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * {@link SessionManager}'s side of the revocation store: the entries that end sessions (and the
 * events that say so), how long each lives, and the question asked before a session is extended
 * or replaced. Every write returns only when the store acknowledged it.
 *
 * <p>Entries live until no verifier, whatever its leeway, could still accept a session they
 * match: a session entry until its hard expiry plus {@link TokenVerifier#MAX_LEEWAY}; a cut-off
 * until every session started by then has passed its hard expiry (now plus the absolute
 * timeout) plus {@link TokenVerifier#MAX_LEEWAY}.
 */
final class SessionRevocations {
  private final RevocationList list;
  private final RevocationStore store;
  private final Duration absoluteTimeout;
  private final Clock clock;
  private final Consumer<SessionEvent> events;

  SessionRevocations(
      RevocationList list, RevocationStore store, Duration absoluteTimeout, Clock clock, Consumer<SessionEvent> events) {
    this.list = list;
    this.store = store;
    this.absoluteTimeout = absoluteTimeout;
    this.clock = clock;
    this.events = events;
  }

  /**
   * What {@code list} says of {@code s}; a list that throws counts as one that cannot answer
   * ({@link RevocationList.Status#UNAVAILABLE}). The one rule the verifier and the manager share.
   */
  static RevocationList.Status statusOf(RevocationList list, Session s) {
    try {
      return list.check(s);
    } catch (RuntimeException e) {
      return RevocationList.Status.UNAVAILABLE;
    }
  }

  /**
   * Throws unless the revocation list positively says the session is not revoked; a list that
   * throws counts as one that cannot answer. A refusal is emitted as a
   * {@link SessionEvent.Type#REJECTED} event first.
   *
   * @throws SessionRejectedException ({@link Rejection#REVOKED} or
   *     {@link Rejection#REVOCATION_UNAVAILABLE}) naming {@code operation} and the {@code sid}
   */
  void requireUsable(Session s, String operation) {
    RevocationList.Status status = statusOf(list, s);
    if (status == RevocationList.Status.NOT_REVOKED) {
      return;
    }
    Rejection r = status == RevocationList.Status.REVOKED ? Rejection.REVOKED : Rejection.REVOCATION_UNAVAILABLE;
    events.accept(new SessionEvent(SessionEvent.Type.REJECTED, clock.instant(), s.subject(), s.sessionId(),
        s.tokenId(), null, r, null));
    throw new SessionRejectedException(r, operation + " refused for sid=" + s.sessionId() + ": "
        + (r == Rejection.REVOKED ? "the session is revoked" : "the revocation list cannot answer"));
  }

  /** Revokes the session's {@code sid} (the session a new one replaces). */
  void revokeSession(Session s) throws IOException {
    store.revoke(Revocation.session(s.sessionId(), sessionEntryExpiry(s)));
  }

  /** Revokes the session's {@code sid} and emits {@link SessionEvent.Type#ENDED} (logout). */
  void end(Session s) throws IOException {
    revokeSession(s);
    events.accept(SessionEvents.of(SessionEvent.Type.ENDED, s, clock.instant()));
  }

  /**
   * Revokes every session of {@code subject} started up to now and emits
   * {@link SessionEvent.Type#ENDED_ALL}.
   */
  void endAll(String subject) throws IOException {
    Instant now = clock.instant();
    store.revoke(Revocation.subject(subject, now, cutOffExpiry(now)));
    events.accept(new SessionEvent(SessionEvent.Type.ENDED_ALL, now, subject, null, null, null, null, null));
  }

  /** Revokes every session started up to now and emits {@link SessionEvent.Type#GLOBAL_CUTOFF}. */
  void globalCutOff() throws IOException {
    Instant now = clock.instant();
    store.revoke(Revocation.global(now, cutOffExpiry(now)));
    events.accept(new SessionEvent(SessionEvent.Type.GLOBAL_CUTOFF, now, null, null, null, null, null, null));
  }

  /** No verifier, whatever its leeway, accepts a token of the session after this. */
  static Instant sessionEntryExpiry(Session s) {
    return s.hardExpiresAt().plus(TokenVerifier.MAX_LEEWAY);
  }

  /**
   * No session started at or before {@code now} outlives {@code now} plus the absolute timeout
   * (its {@code sxp}, whole seconds rounded down), and no verifier accepts a token more than
   * {@link TokenVerifier#MAX_LEEWAY} past {@code sxp}.
   */
  Instant cutOffExpiry(Instant now) {
    return now.plus(absoluteTimeout).plus(TokenVerifier.MAX_LEEWAY).plusSeconds(1);
  }
}
