package dev.signet;

import dev.signet.keys.SignatureAlgorithm;
import dev.signet.internal.Base64Url;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Mints session tokens: the login handler's half of Signet.
 *
 * <pre>{@code
 * TokenIssuer issuer = TokenIssuer.builder(keyset)
 *     .issuer("https://login.example.com")
 *     .audience("api")
 *     .idleTimeout(Duration.ofMinutes(30))
 *     .absoluteTimeout(Duration.ofHours(12))
 *     .build();
 * IssuedToken t = issuer.start(NewSession.forSubject("alice").withRoles("user"));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Every token gets a fresh {@code jti}; every started session a
 * fresh {@code sid}; both are 128 bits from {@link SecureRandom}, base64url (22 characters).
 * {@code exp} is {@code min(now + idleTimeout, sxp)} and {@code sxp} (the hard expiry) is fixed
 * at start to {@code start + absoluteTimeout}; renewals never move it. The session's start time
 * ({@link Session#startedAt()}, claim {@code sst_ms}) is set at start and kept by renewals, so
 * revocation cut-offs hold across renewals.
 *
 * <p>Size: by default a token is at most {@value #DEFAULT_MAX_TOKEN_SIZE} characters, the most
 * the default session cookie can carry within the 4096-byte {@code Set-Cookie} budget (see
 * {@code SessionCookie#maxTokenLength()}); a larger token is refused when it is minted.
 *
 * <p><b>Security:</b> an issuer needs a keyset with a private signing key for the signed
 * profiles; {@link Builder#build()} refuses a verifier-only keyset.
 */
public final class TokenIssuer {
  private static final int ID_BYTES = 16;

  /**
   * The default largest token, in characters: 4096 bytes of {@code Set-Cookie} minus the
   * default cookie's name, {@code =} and its longest attributes
   * ({@code ; Max-Age=31622400; Path=/; Secure; HttpOnly; SameSite=Strict}).
   */
  public static final int DEFAULT_MAX_TOKEN_SIZE = 4021;

  private final KeyCache keys;
  private final TokenWriter writer;
  private final String issuer;
  private final List<String> audience;
  private final long idleSeconds;
  private final long absoluteSeconds;
  private final Clock clock;
  private final int maxTokenSize;
  private final TokenProfile profile;
  private final SecureRandom random = new SecureRandom();

  private TokenIssuer(Builder b) {
    this.keys = new KeyCache(b.keys);
    this.profile = b.profile;
    this.writer = new TokenWriter(b.profile, b.type, b.algorithm.headerValue());
    this.issuer = b.issuer;
    this.audience = List.copyOf(b.audience);
    this.idleSeconds = b.idleTimeout.getSeconds();
    this.absoluteSeconds = b.absoluteTimeout.getSeconds();
    this.clock = b.clock;
    this.maxTokenSize = b.maxTokenSize;
    requireCanMint(keys.get(), profile);
    requireWithinMaxSession(keys.get().keyset(), b.absoluteTimeout);
  }

  /** A builder over a keyset (or any source of the current keyset, such as a reloading file). */
  public static Builder builder(KeysetSource keys) {
    return new Builder(keys);
  }

  private static void requireCanMint(CompiledKeys k, TokenProfile profile) {
    // A verifier keyset (signing keys present, private halves stripped) never mints, not even
    // SEALED tokens that its encryption keys could technically make.
    boolean verifierOnly = k.keyset().active(KeyPurpose.SIGNING).isPresent() && !k.canSign();
    if ((profile.isSigned() || verifierOnly) && !k.canSign()) {
      throw new IllegalStateException(
          "keyset has no private signing key, so it cannot mint "
              + profile
              + " tokens (a verifier keyset, exported for gateways, only verifies)");
    }
    if (profile.isEncrypted() && !k.canEncrypt()) {
      throw new IllegalStateException("keyset has no active encryption key, needed for " + profile + " tokens");
    }
  }

  /** Retired keys are removed after the keyset's max session: a longer session would outlive its key. */
  private static void requireWithinMaxSession(Keyset keyset, Duration absoluteTimeout) {
    if (absoluteTimeout.compareTo(keyset.maxSession()) > 0) {
      throw new IllegalStateException(
          "absoluteTimeout " + absoluteTimeout + " is longer than the keyset's max session " + keyset.maxSession()
              + " (retired keys are removed after it, so such sessions would be rejected before their hard expiry);"
              + " raise the keyset's max session (signet keys set --max-session, or Keyset.withMaxSession)"
              + " or lower absoluteTimeout");
    }
  }

  /**
   * Starts a new session after authentication: new {@code sid}, new {@code jti},
   * {@code auth_time} now (unless the request sets it), hard expiry now plus the absolute
   * timeout.
   *
   * @throws IllegalStateException if the token would exceed the size limit
   * @throws IllegalArgumentException if the request's authentication time is after now
   */
  public IssuedToken start(NewSession request) {
    return start(request, null);
  }

  /**
   * As {@link #start(NewSession)}, with the hard expiry capped at {@code maxHardExpiry} (for a
   * privilege change without re-authentication, which must not outlive the session it replaces).
   */
  IssuedToken start(NewSession request, Instant maxHardExpiry) {
    return start(request, maxHardExpiry, null);
  }

  /**
   * As {@link #start(NewSession, Instant)}, with the session's start time kept from an earlier
   * session ({@code startedAt}, for a privilege change without re-authentication) instead of
   * now, so that revocation cut-offs made since that start still match.
   */
  IssuedToken start(NewSession request, Instant maxHardExpiry, Instant startedAt) {
    Objects.requireNonNull(request, "request");
    long nowMs = clock.millis();
    // A start stamped by a server whose clock runs ahead is clamped, never after the issue time.
    long startMs = startedAt == null ? nowMs : Math.min(startedAt.toEpochMilli(), nowMs);
    long nowSec = Math.floorDiv(nowMs, 1000);
    long sxp = nowSec + absoluteSeconds;
    if (maxHardExpiry != null) {
      sxp = Math.min(sxp, maxHardExpiry.getEpochSecond());
      if (sxp <= nowSec) {
        throw new IllegalStateException("session has reached its hard expiry");
      }
    }
    if (sxp > Claims.MAX_TIME) {
      throw new IllegalStateException("clock is past the representable range of token times");
    }
    Instant authTime =
        Instant.ofEpochSecond(request.authTime().map(Instant::getEpochSecond).orElse(nowSec));
    if (authTime.getEpochSecond() > nowSec || authTime.getEpochSecond() < 0) {
      throw new IllegalArgumentException("authTime must be between the epoch and now");
    }
    Session s =
        new Session(
            issuer,
            audience,
            request.subject(),
            newId(),
            newId(),
            Instant.ofEpochMilli(nowMs),
            Instant.ofEpochMilli(startMs),
            Instant.ofEpochSecond(Math.min(nowSec + idleSeconds, sxp)),
            Instant.ofEpochSecond(sxp),
            authTime,
            request.roles(),
            request.attributesNode(),
            request.fingerprintHash(),
            request.contextHash());
    return mint(s);
  }

  /**
   * Renews a session (sliding idle timeout): the same {@code sid}, subject, roles, attributes,
   * {@code auth_time}, start time and hard expiry; a new {@code jti}, issue time and
   * {@code exp = min(now + idleTimeout, sxp)}.
   *
   * <p>This method does not consult a revocation list: {@link SessionManager#renew} does. Because
   * the start time is kept, a renewed token stays matched by every subject or global cut-off
   * its session was.
   *
   * @param current a session from a verified token of this issuer
   * @throws IllegalStateException if the session has reached its hard expiry
   * @throws IllegalArgumentException if the session is from another issuer
   */
  public IssuedToken renew(Session current) {
    return renew(current, UnaryOperator.identity());
  }

  /**
   * Renews a session and refreshes its roles, attributes or bindings on the way: {@code refresh}
   * receives the session's current data and returns what the new token should carry. The
   * subject, {@code sid}, {@code auth_time}, start time and hard expiry cannot change.
   */
  public IssuedToken renew(Session current, UnaryOperator<NewSession> refresh) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(refresh, "refresh");
    if (!current.issuer().equals(issuer)) {
      throw new IllegalArgumentException("session was issued by another issuer");
    }
    long nowMs = clock.millis();
    long nowSec = Math.floorDiv(nowMs, 1000);
    long sxp = current.hardExpiresAt().getEpochSecond();
    if (nowSec >= sxp) {
      throw new IllegalStateException("session has reached its hard expiry and cannot be renewed");
    }
    NewSession data = Objects.requireNonNull(refresh.apply(NewSession.of(current)), "refresh result");
    if (!data.subject().equals(current.subject())) {
      throw new IllegalArgumentException("renewal cannot change the subject; start a new session instead");
    }
    Session s =
        new Session(
            issuer,
            audience,
            current.subject(),
            current.sessionId(),
            newId(),
            Instant.ofEpochMilli(nowMs),
            Instant.ofEpochMilli(Math.min(current.startedAt().toEpochMilli(), nowMs)),
            Instant.ofEpochSecond(Math.min(nowSec + idleSeconds, sxp)),
            current.hardExpiresAt(),
            current.authTime(),
            data.roles(),
            data.attributesNode(),
            data.fingerprintHash(),
            data.contextHash());
    return mint(s);
  }

  private IssuedToken mint(Session s) {
    CompiledKeys k = keys.get();
    requireCanMint(k, profile);
    String token = writer.write(Claims.write(s), k);
    if (token.length() > maxTokenSize) {
      throw new IllegalStateException(
          "token of " + token.length() + " characters exceeds the issuer's size limit of " + maxTokenSize
              + (maxTokenSize == DEFAULT_MAX_TOKEN_SIZE
                  ? " (what fits in the default session cookie: 4096 bytes of Set-Cookie)" : "")
              + "; carry fewer attributes or roles, or raise TokenIssuer.Builder.maxTokenSize for tokens"
              + " sent only as bearer tokens");
    }
    return new IssuedToken(token, s);
  }

  String newId() {
    byte[] b = new byte[ID_BYTES];
    random.nextBytes(b);
    return Base64Url.encode(b);
  }

  /** How long a token stays valid without renewal. */
  public Duration idleTimeout() {
    return Duration.ofSeconds(idleSeconds);
  }

  /** How long a session lives at most, renewals included. */
  public Duration absoluteTimeout() {
    return Duration.ofSeconds(absoluteSeconds);
  }

  /** The largest token this issuer mints, in characters. */
  public int maxTokenSize() {
    return maxTokenSize;
  }

  /** The {@code iss} this issuer stamps. */
  public String issuer() {
    return issuer;
  }

  Clock clock() {
    return clock;
  }

  /** The profile this issuer mints. */
  public TokenProfile profile() {
    return profile;
  }

  /** Configures a {@link TokenIssuer}; each setter validates its argument at once. */
  public static final class Builder {
    private final KeysetSource keys;
    private String issuer;
    private final List<String> audience = new ArrayList<>();
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Duration absoluteTimeout = Duration.ofHours(12);
    private TokenProfile profile = TokenProfile.SIGNED_AND_SEALED;
    private String type = TokenVerifier.DEFAULT_TYPE;
    private SignatureAlgorithm algorithm = SignatureAlgorithm.EDDSA;
    private Clock clock = Clock.systemUTC();
    private int maxTokenSize = DEFAULT_MAX_TOKEN_SIZE;

    private Builder(KeysetSource keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The {@code iss} claim; required. */
    public Builder issuer(String issuer) {
      Claims.requireId("issuer", issuer);
      this.issuer = issuer;
      return this;
    }

    /** The {@code aud} claim: one or more audiences; required. */
    public Builder audience(String... audiences) {
      if (audiences.length == 0) {
        throw new IllegalArgumentException("audience needs at least one value");
      }
      List<String> list = new ArrayList<>();
      for (String a : audiences) {
        Claims.requireId("audience", a);
        list.add(a);
      }
      audience.clear();
      audience.addAll(list);
      return this;
    }

    /** How long a token stays valid without renewal; whole seconds, at least 1 s. Default 30 minutes. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = TokenRules.wholeSeconds("idleTimeout", idleTimeout);
      return this;
    }

    /**
     * How long a session lives at most, renewals included; whole seconds, at least 1 s, at most
     * the keyset's {@linkplain Keyset#maxSession() max session} (checked by {@link #build()}).
     * Default 12 hours.
     */
    public Builder absoluteTimeout(Duration absoluteTimeout) {
      this.absoluteTimeout = TokenRules.wholeSeconds("absoluteTimeout", absoluteTimeout);
      return this;
    }

    /** The wire format; default {@link TokenProfile#SIGNED_AND_SEALED}. */
    public Builder profile(TokenProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** The {@code typ} header; default {@code signet+jwt}. Must match the verifiers'. */
    public Builder type(String type) {
      this.type = TokenRules.checkType(type);
      return this;
    }

    /** The JWS {@code alg} name; default {@link SignatureAlgorithm#EDDSA}. */
    public Builder signatureAlgorithm(SignatureAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** The clock for issue and expiry times; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest token this issuer will mint, in characters, between 256 and 65536; a larger one
     * is refused with an {@link IllegalStateException} when it is minted. Default
     * {@value TokenIssuer#DEFAULT_MAX_TOKEN_SIZE}, what the default session cookie carries within
     * the 4096-byte {@code Set-Cookie} budget. Raise it only for tokens sent as bearer tokens, and
     * keep it within the verifiers' limit (default 8192).
     */
    public Builder maxTokenSize(int maxTokenSize) {
      this.maxTokenSize = TokenRules.checkMaxSize(maxTokenSize);
      return this;
    }

    /**
     * Builds the issuer.
     *
     * @throws IllegalStateException if issuer or audience is missing, the idle timeout exceeds
     *     the absolute timeout, the absolute timeout exceeds the keyset's
     *     {@linkplain Keyset#maxSession() max session}, or the keyset cannot mint the profile
     */
    public TokenIssuer build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer is required");
      }
      if (audience.isEmpty()) {
        throw new IllegalStateException("audience is required");
      }
      if (idleTimeout.compareTo(absoluteTimeout) > 0) {
        throw new IllegalStateException("idleTimeout must not exceed absoluteTimeout");
      }
      return new TokenIssuer(this);
    }
  }
}
