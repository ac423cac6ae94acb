package dev.signet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The immutable session a token carries: who it belongs to, which login session it is part of,
 * when it was issued and when it ends, and the application's own data.
 *
 * <p>Sessions are created by a {@link TokenIssuer} (which stamps ids and times) or returned by a
 * {@link TokenVerifier} after every check has passed; there is no public constructor, so holding
 * a {@code Session} means a token was issued or verified. The same session, issued and then
 * verified, compares equal.
 *
 * <p>Times: {@link #issuedAt()} and {@link #startedAt()} have millisecond precision (so
 * revocation cut-offs are exact);
 * {@link #expiresAt()}, {@link #hardExpiresAt()} and {@link #authTime()} are whole seconds, as
 * in the JWT claims.
 */
public final class Session {
  private static final ObjectMapper MAPPER = Json.MAPPER;

  private final String issuer;
  private final List<String> audience;
  private final String subject;
  private final String sessionId;
  private final String tokenId;
  private final Instant issuedAt;
  private final Instant startedAt;
  private final Instant expiresAt;
  private final Instant hardExpiresAt;
  private final Instant authTime;
  private final SortedSet<String> roles;
  private final ObjectNode attributes;
  private final String fingerprintHash;
  private final String contextHash;

  Session(
      String issuer,
      List<String> audience,
      String subject,
      String sessionId,
      String tokenId,
      Instant issuedAt,
      Instant startedAt,
      Instant expiresAt,
      Instant hardExpiresAt,
      Instant authTime,
      Set<String> roles,
      ObjectNode attributes,
      String fingerprintHash,
      String contextHash) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = List.copyOf(audience);
    this.subject = Objects.requireNonNull(subject, "subject");
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.hardExpiresAt = Objects.requireNonNull(hardExpiresAt, "hardExpiresAt");
    this.authTime = Objects.requireNonNull(authTime, "authTime");
    this.roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
    this.attributes = attributes == null ? null : attributes.deepCopy();
    this.fingerprintHash = fingerprintHash;
    this.contextHash = contextHash;
  }

  /** The {@code iss} claim: who minted the token. */
  public String issuer() {
    return issuer;
  }

  /** The {@code aud} claim: the audiences the token is meant for (never empty). */
  public List<String> audience() {
    return audience;
  }

  /** The {@code sub} claim: the authenticated principal. */
  public String subject() {
    return subject;
  }

  /**
   * The {@code sid} claim: the id of the login session, kept across renewals and replaced on
   * login and on privilege change. At least 128 bits from a CSPRNG, base64url.
   */
  public String sessionId() {
    return sessionId;
  }

  /** The {@code jti} claim: the id of this one token, new on every issue and renewal. */
  public String tokenId() {
    return tokenId;
  }

  /** When this token was issued, to the millisecond. */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * When the session began, to the millisecond (the private claim {@code sst_ms}): set by a
   * login ({@link TokenIssuer#start}) and by a re-authentication, and kept by every renewal and
   * by a privilege change without re-authentication. Subject and global revocation cut-offs
   * match this time, so no renewal can carry a session past a cut-off made after it began.
   * For a token without {@code sst_ms} (minted before Signet carried it) this is its issue time.
   */
  public Instant startedAt() {
    return startedAt;
  }

  /** The {@code exp} claim: when this token stops being valid unless renewed (idle timeout). */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * The {@code sxp} claim: the session's hard (absolute) expiry, fixed at login; no renewal
   * can extend a session past it.
   */
  public Instant hardExpiresAt() {
    return hardExpiresAt;
  }

  /** The {@code auth_time} claim: when the user last really authenticated. */
  public Instant authTime() {
    return authTime;
  }

  /** The roles granted to the session, sorted; empty when none. */
  public Set<String> roles() {
    return roles;
  }

  /** Whether the session carries the given role. */
  public boolean hasRole(String role) {
    return roles.contains(Objects.requireNonNull(role, "role"));
  }

  /** Whether the session carries application attributes. */
  public boolean hasAttributes() {
    return attributes != null;
  }

  /**
   * The application attributes, mapped with Jackson onto the caller's own type.
   *
   * @throws IllegalStateException if the session has no attributes
   * @throws IllegalArgumentException if the attributes do not map onto {@code type}
   */
  public <T> T attributes(Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (attributes == null) {
      throw new IllegalStateException("session has no attributes");
    }
    return MAPPER.convertValue(attributes, type);
  }

  /** The application attributes as compact JSON text (a JSON object), if any. */
  public Optional<String> attributesJson() {
    return Optional.ofNullable(attributes == null ? null : attributes.toString());
  }

  /**
   * The session as the claims of its token, as compact JSON text: exactly what the issuer
   * signed ({@code iss}, {@code aud}, {@code sub}, {@code sid}, {@code jti}, times, roles,
   * attributes and bindings). Holds nothing secret; useful for logs of record and tools.
   */
  public String toJson() {
    return new String(Claims.write(this), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The {@code fgp} claim: base64url SHA-256 of the fingerprint cookie the token is bound to, if any. */
  public Optional<String> fingerprintHash() {
    return Optional.ofNullable(fingerprintHash);
  }

  /** The {@code ctx} claim: the hash of the client context the token is bound to, if any. */
  public Optional<String> contextHash() {
    return Optional.ofNullable(contextHash);
  }

  ObjectNode attributesNode() {
    return attributes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Session)) {
      return false;
    }
    Session s = (Session) o;
    return issuer.equals(s.issuer)
        && audience.equals(s.audience)
        && subject.equals(s.subject)
        && sessionId.equals(s.sessionId)
        && tokenId.equals(s.tokenId)
        && issuedAt.equals(s.issuedAt)
        && startedAt.equals(s.startedAt)
        && expiresAt.equals(s.expiresAt)
        && hardExpiresAt.equals(s.hardExpiresAt)
        && authTime.equals(s.authTime)
        && roles.equals(s.roles)
        && Objects.equals(attributes, s.attributes)
        && Objects.equals(fingerprintHash, s.fingerprintHash)
        && Objects.equals(contextHash, s.contextHash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, tokenId, issuedAt);
  }

  /** Ids and times only; never attributes or anything secret. */
  @Override
  public String toString() {
    return "Session{subject="
        + subject
        + ", sid="
        + sessionId
        + ", jti="
        + tokenId
        + ", issuedAt="
        + issuedAt
        + ", startedAt="
        + startedAt
        + ", expiresAt="
        + expiresAt
        + ", hardExpiresAt="
        + hardExpiresAt
        + ", roles="
        + roles
        + "}";
  }
}
