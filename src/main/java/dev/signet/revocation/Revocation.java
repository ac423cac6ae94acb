package dev.signet.revocation;

import dev.signet.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a revocation list: a token ({@code jti}), a session ({@code sid}), a subject's
 * cut-off (every token of the subject whose session started at or before a time) or a global
 * cut-off (every token whose session started at or before a time).
 *
 * <p>Every entry carries its own expiry, the moment after which no token it could match can
 * still be valid at any verifier; stores drop entries past it, so the list stays as small as
 * the live revocations. Verifiers may allow up to {@link dev.signet.TokenVerifier#MAX_LEEWAY}
 * of clock skew, so an expiry should include that much (as {@link dev.signet.SessionManager}'s
 * entries do).
 *
 * <p>Cut-offs match the session's start time ({@link Session#startedAt()}, kept by every
 * renewal), not the token's issue time, so a renewal, wherever and whenever it happens, never
 * carries a session past a cut-off made after the session began. They are exact to the
 * millisecond: a session started at or before {@link #before()} is revoked, one started after
 * it is not, even within the same second.
 */
public final class Revocation {
  /** What an entry matches. */
  public enum Kind {
    /** One token, by {@code jti}. */
    TOKEN,
    /** Every token of one session, renewals included, by {@code sid}. */
    SESSION,
    /** Every token of one subject whose session started at or before a time ("log out everywhere"). */
    SUBJECT,
    /** Every token whose session started at or before a time (emergency cut-off). */
    GLOBAL
  }

  private final Kind kind;
  private final String id;
  private final Instant before;
  private final Instant expiresAt;

  private Revocation(Kind kind, String id, Instant before, Instant expiresAt) {
    this.kind = kind;
    this.id = id;
    this.before = before;
    this.expiresAt = expiresAt;
  }

  /** Revokes one token until {@code expiresAt} (its {@code exp} plus the largest leeway of the verifiers). */
  public static Revocation token(String jti, Instant expiresAt) {
    return new Revocation(Kind.TOKEN, checkId("jti", jti), null, Objects.requireNonNull(expiresAt, "expiresAt"));
  }

  /** Revokes a session until {@code expiresAt} (its hard expiry {@code sxp} plus the largest leeway of the verifiers). */
  public static Revocation session(String sid, Instant expiresAt) {
    return new Revocation(Kind.SESSION, checkId("sid", sid), null, Objects.requireNonNull(expiresAt, "expiresAt"));
  }

  /**
   * Revokes every token of {@code subject} whose session started at or before {@code before},
   * until {@code expiresAt} ({@code before} plus the absolute session timeout plus the largest
   * leeway of the verifiers).
   */
  public static Revocation subject(String subject, Instant before, Instant expiresAt) {
    return new Revocation(
        Kind.SUBJECT, checkId("subject", subject), Objects.requireNonNull(before, "before"), checkExpiry(before, expiresAt));
  }

  /** Revokes every token whose session started at or before {@code before}, until {@code expiresAt}. */
  public static Revocation global(Instant before, Instant expiresAt) {
    return new Revocation(Kind.GLOBAL, null, Objects.requireNonNull(before, "before"), checkExpiry(before, expiresAt));
  }

  /**
   * Revokes the token a verified session came from, for as long as it could be valid: until its
   * {@code exp} plus {@code leeway}, which should be the largest leeway of any verifier
   * ({@link dev.signet.TokenVerifier#MAX_LEEWAY} when unknown). A token entry ends one token
   * only: a renewal made before the entry reached a verifier carries a new {@code jti}; revoke
   * the session ({@code sid}) to end every token of it.
   */
  public static Revocation of(Session tokenSession, Duration leeway) {
    return token(tokenSession.tokenId(), tokenSession.expiresAt().plus(leeway));
  }

  private static Instant checkExpiry(Instant before, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (expiresAt.isBefore(before)) {
      throw new IllegalArgumentException("expiresAt must not be before the cut-off");
    }
    return expiresAt;
  }

  private static String checkId(String what, String id) {
    Objects.requireNonNull(id, what);
    if (id.isEmpty() || id.length() > 256) {
      throw new IllegalArgumentException(what + " must be 1 to 256 characters");
    }
    return id;
  }

  /** What the entry matches. */
  public Kind kind() {
    return kind;
  }

  /** The {@code jti}, {@code sid} or subject; empty for a global cut-off. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The cut-off time of a subject or global entry; empty for token and session entries. */
  public Optional<Instant> before() {
    return Optional.ofNullable(before);
  }

  /** When the entry can be dropped: no token it could match is valid after it. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Whether the entry is past its expiry at {@code now}. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Whether this entry revokes the token that carried {@code s}. */
  public boolean matches(Session s) {
    switch (kind) {
      case TOKEN:
        return id.equals(s.tokenId());
      case SESSION:
        return id.equals(s.sessionId());
      case SUBJECT:
        return id.equals(s.subject()) && !s.startedAt().isAfter(before);
      case GLOBAL:
      default:
        return !s.startedAt().isAfter(before);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Revocation)) {
      return false;
    }
    Revocation r = (Revocation) o;
    return kind == r.kind
        && Objects.equals(id, r.id)
        && Objects.equals(before, r.before)
        && expiresAt.equals(r.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, id, before, expiresAt);
  }

  @Override
  public String toString() {
    return "Revocation{" + kind + (id != null ? " " + id : "") + (before != null ? " before " + before : "")
        + ", expiresAt=" + expiresAt + "}";
  }
}
