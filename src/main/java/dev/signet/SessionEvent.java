package dev.signet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened in the life of a session: emitted by a {@link SessionManager} to the
 * SLF4J logger {@code dev.signet.events} and to its {@link SessionEventListener}.
 *
 * <p><b>Security:</b> an event never holds a token or key material. It identifies a token by
 * {@link #tokenHash()}, the first 12 hex digits of the token's SHA-256: enough to correlate log
 * lines, useless for replaying the token.
 */
public final class SessionEvent {
  /** What happened. */
  public enum Type {
    /** A session started after authentication: new {@code sid}. */
    STARTED,
    /** A token was renewed: same {@code sid}, new {@code jti}, later {@code exp}. */
    RENEWED,
    /** A privilege change: new {@code sid}, the previous one revoked. */
    ELEVATED,
    /** A re-authentication: new {@code sid}, the previous one revoked, {@code auth_time} now. */
    REAUTHENTICATED,
    /** A token was rejected; {@link #reason()} says why. */
    REJECTED,
    /** A token was accepted although its bound client context did not match (report-only policy). */
    CONTEXT_ANOMALY,
    /** A sensitive action was refused because the last authentication is too old. */
    REAUTHENTICATION_REQUIRED,
    /** A session was ended (logout): its {@code sid} revoked. */
    ENDED,
    /** Every session of a subject started until now was cut off. */
    ENDED_ALL,
    /** Every session started until now was cut off. */
    GLOBAL_CUTOFF
  }

  private final Type type;
  private final Instant time;
  private final String subject;
  private final String sessionId;
  private final String tokenId;
  private final String tokenHash;
  private final Rejection reason;
  private final String previousSessionId;

  SessionEvent(
      Type type,
      Instant time,
      String subject,
      String sessionId,
      String tokenId,
      String tokenHash,
      Rejection reason,
      String previousSessionId) {
    this.type = Objects.requireNonNull(type, "type");
    this.time = Objects.requireNonNull(time, "time");
    this.subject = subject;
    this.sessionId = sessionId;
    this.tokenId = tokenId;
    this.tokenHash = tokenHash;
    this.reason = reason;
    this.previousSessionId = previousSessionId;
  }

  /** What happened. */
  public Type type() {
    return type;
  }

  /** When, by the manager's clock. */
  public Instant time() {
    return time;
  }

  /** The session's subject; empty for a rejected token (its claims are not trusted) and a global cut-off. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** The session's {@code sid} (the new one, for an elevation); empty when unknown. */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /** The token's {@code jti}; empty when no single token is concerned. */
  public Optional<String> tokenId() {
    return Optional.ofNullable(tokenId);
  }

  /** The first 12 hex digits of the SHA-256 of the token concerned; empty when none is. */
  public Optional<String> tokenHash() {
    return Optional.ofNullable(tokenHash);
  }

  /** Why a token was rejected or reported as an anomaly. */
  public Optional<Rejection> reason() {
    return Optional.ofNullable(reason);
  }

  /** For an elevation or re-authentication, the revoked previous {@code sid}. */
  public Optional<String> previousSessionId() {
    return Optional.ofNullable(previousSessionId);
  }

  /** One line with every present field, as logged. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("session ").append(type).append(" time=").append(time);
    if (subject != null) {
      sb.append(" sub=").append(subject);
    }
    if (sessionId != null) {
      sb.append(" sid=").append(sessionId);
    }
    if (previousSessionId != null) {
      sb.append(" previous_sid=").append(previousSessionId);
    }
    if (tokenId != null) {
      sb.append(" jti=").append(tokenId);
    }
    if (tokenHash != null) {
      sb.append(" token_hash=").append(tokenHash);
    }
    if (reason != null) {
      sb.append(" reason=").append(reason);
    }
    return sb.toString();
  }
}
