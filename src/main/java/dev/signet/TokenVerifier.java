package dev.signet;

import dev.signet.keys.SignatureAlgorithm;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import dev.signet.revocation.RevocationList;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a token back into a {@link Session}, or into the precise reason why not: the gateway's
 * half of Signet.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder(verifierKeyset)
 *     .issuer("https://login.example.com")
 *     .audience("api")
 *     .build();
 * Verification v = verifier.verify(token);
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #verify(String)} never throws for anything in the token.
 * The checks run in this order, and the first failure decides the {@link Rejection}: size limit
 * (before any parsing) → shape and strict base64url → header allow-list (algorithm, {@code enc},
 * {@code typ}, {@code cty} pinned by configuration; {@code zip}, {@code jku}, {@code x5u},
 * {@code jwk}, {@code x5c}, {@code crit} and unknown members refused) → key by {@code kid} →
 * decryption → signature → strict claims (duplicates refused at every depth, depth bounded,
 * required claims present and typed) → issuer and audience → hard expiry, expiry, not-before and
 * issue time with the leeway → fingerprint and client-context bindings (see
 * {@link #verify(String, RequestBinding)}) → revocation.
 *
 * <p>A verifier works from a full keyset or from a verifier-only keyset (no private signing
 * keys). It accepts tokens made with any key of the keyset, whatever its state, so a rotation
 * never rejects a valid token.
 *
 * <p><b>Security:</b> defaults are safe: expiry is always checked, algorithms are pinned, and a
 * failing revocation list rejects ({@link Rejection#REVOCATION_UNAVAILABLE}) unless
 * {@link Builder#failOpenOnRevocationErrors()} is called.
 */
public final class TokenVerifier {
  static final String DEFAULT_TYPE = "signet+jwt";
  static final int DEFAULT_MAX_TOKEN_SIZE = 8192;
  static final int MAX_CACHE_ENTRIES = 1 << 20;
  /** The largest leeway a verifier accepts. */
  public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

  private final KeyCache keys;
  private final TokenReader reader;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final long leewayMs;
  private final RevocationList revocations;
  private final SessionEventListener listener;
  private final boolean failOpen;
  private final TokenProfile profile;
  private final VerifiedTokenCache cache;
  private final Duration leeway;
  private final ContextBinding contextBinding;
  private final VerificationObserver observer;

  private TokenVerifier(Builder b) {
    this.observer = b.observer;
    this.leeway = b.leeway;
    this.contextBinding = b.contextBinding;
    this.keys = new KeyCache(b.keys);
    this.profile = b.profile;
    this.reader = new TokenReader(b.profile, b.type, b.algorithm.headerValue(), b.maxTokenSize);
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.clock = b.clock;
    this.leewayMs = b.leeway.toMillis();
    this.revocations = b.revocations;
    this.listener = b.listener;
    this.failOpen = b.failOpen;
    this.cache = b.cacheEntries == 0 ? null : new VerifiedTokenCache(b.cacheEntries, b.cacheLifetime.toMillis());
    Keyset k = keys.get().keyset();
    if (profile.isSigned() && k.active(KeyPurpose.SIGNING).isEmpty()) {
      throw new IllegalStateException("keyset has no signing keys, needed to verify " + profile + " tokens");
    }
    if (profile.isEncrypted() && k.active(KeyPurpose.ENCRYPTION).isEmpty()) {
      throw new IllegalStateException("keyset has no encryption keys, needed to read " + profile + " tokens");
    }
    if (contextBinding != null && k.active(KeyPurpose.ENCRYPTION).isEmpty()) {
      throw new IllegalStateException(
          "keyset has no encryption key, needed by contextBinding (the ctx key is derived from it)");
    }
  }

  /** A builder over a keyset (or any source of the current keyset, such as a reloading file). */
  public static Builder builder(KeysetSource keys) {
    return new Builder(keys);
  }

  /**
   * Verifies a token. Never throws for anything in the token; a null or empty token is
   * {@link Rejection#MALFORMED}.
   */
  public Verification verify(String token) {
    return verify(token, RequestBinding.none());
  }

  /**
   * Verifies a token together with what the request presents besides it: the fingerprint
   * cookie and the client context. Never throws for anything in the token or the request.
   *
   * <p>After the time checks and before revocation: a token carrying {@code fgp} is
   * {@link Rejection#FINGERPRINT_MISMATCH} unless the request's fingerprint hashes to it
   * (compared in constant time); with a {@linkplain Builder#contextBinding context binding}
   * configured, a token whose {@code ctx} is absent or differs from the request's is
   * {@link Rejection#CONTEXT_MISMATCH} under {@link ContextPolicy#REJECT}, or accepted with
   * {@link Verification#anomaly()} under {@link ContextPolicy#REPORT_ONLY}.
   */
  public Verification verify(String token, RequestBinding request) {
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    CompiledKeys k = keys.get();
    VerifiedTokenCache.Entry hit = null;
    long now = 0;
    if (cache != null && token != null) {
      now = clock.millis();
      hit = cache.get(token, k, now);
    }
    Verification v = hit != null ? checkPerCall(hit.session, hit.notBefore, now, request, k) : check(token, request, k);
    if (!v.isAccepted() && LOG.isDebugEnabled()) {
      LOG.debug("token rejected: {} ({})", v.rejection().orElseThrow(), v.detail());
    }
    if (listener != SessionEventListener.NONE) {
      SessionEvent e = SessionEvents.of(v, token, clock.instant());
      if (e != null) {
        SessionEvents.notify(listener, e);
      }
    }
    if (observer != VerificationObserver.NONE) {
      try {
        observer.onVerification(v, hit != null, System.nanoTime() - start);
      } catch (RuntimeException e) {
        // An observer never changes the outcome.
      }
    }
    return v;
  }

  private Verification check(String token, RequestBinding request, CompiledKeys k) {
    TokenReader.Result r = reader.read(token, k);
    if (r.rejection != null) {
      return Verification.rejected(r.rejection, r.detail);
    }
    Claims.Parsed parsed;
    try {
      parsed = Claims.read(r.claims, issuer, audience);
    } catch (Claims.Failure f) {
      return Verification.rejected(f.rejection, f.getMessage());
    } catch (RuntimeException e) {
      return Verification.rejected(Rejection.MALFORMED, "unreadable claims (" + e.getClass().getSimpleName() + ")");
    }
    Session s = parsed.session;
    // The user cannot have authenticated after the token was issued; skew is what leeway allows.
    if (s.authTime().toEpochMilli() > s.issuedAt().toEpochMilli() + leewayMs) {
      return Verification.rejected(Rejection.INVALID_CLAIMS, "auth_time is after iat");
    }
    long now = clock.millis();
    if (cache != null) {
      cache.put(token, k, s, parsed.notBefore, now);
    }
    return checkPerCall(s, parsed.notBefore, now, request, k);
  }

  /**
   * The checks that run on every call, whether the token was verified now or taken from the
   * cache: times, request binding, revocation.
   */
  private Verification checkPerCall(Session s, long notBefore, long now, RequestBinding request, CompiledKeys k) {
    // All times are at most 253402300799 s, so the millisecond products cannot overflow.
    if (now >= s.hardExpiresAt().toEpochMilli() + leewayMs) {
      return Verification.rejected(Rejection.SESSION_EXPIRED, "past the session's hard expiry");
    }
    if (now >= s.expiresAt().toEpochMilli() + leewayMs) {
      return Verification.rejected(Rejection.EXPIRED, "past exp");
    }
    if (notBefore >= 0 && notBefore * 1000 > now + leewayMs) {
      return Verification.rejected(Rejection.NOT_YET_VALID, "before nbf");
    }
    if (s.issuedAt().toEpochMilli() > now + leewayMs) {
      return Verification.rejected(Rejection.NOT_YET_VALID, "issued in the future");
    }
    if (s.fingerprintHash().isPresent()
        && !Fingerprint.matches(s.fingerprintHash().get(), request.fingerprint().orElse(null))) {
      return Verification.rejected(Rejection.FINGERPRINT_MISMATCH, "fingerprint cookie absent or not matching fgp");
    }
    Rejection anomaly = null;
    if (contextBinding != null) {
      boolean same = s.contextHash().isPresent()
          && contextBinding.matches(k.keyset(), s.contextHash().get(), request);
      if (!same) {
        if (contextBinding.policy() == ContextPolicy.REJECT) {
          return Verification.rejected(Rejection.CONTEXT_MISMATCH, "client context absent or not matching ctx");
        }
        anomaly = Rejection.CONTEXT_MISMATCH;
      }
    }
    RevocationList.Status status = SessionRevocations.statusOf(revocations, s);
    if (status == RevocationList.Status.REVOKED) {
      return Verification.rejected(Rejection.REVOKED, "revoked");
    }
    if (status != RevocationList.Status.NOT_REVOKED) {
      if (!failOpen) {
        return Verification.rejected(Rejection.REVOCATION_UNAVAILABLE, "revocation list unavailable");
      }
      LOG.warn("revocation list unavailable; accepting sid={} jti={} because the verifier fails open",
          s.sessionId(), s.tokenId());
    }
    return anomaly == null
        ? Verification.accepted(s)
        : Verification.acceptedWithAnomaly(s, anomaly, "client context absent or not matching ctx");
  }

  /** The issuer it accepts (the {@code iss} every token must carry). */
  public String issuer() {
    return issuer;
  }

  /** The profile this verifier accepts. */
  public TokenProfile profile() {
    return profile;
  }

  /** The allowed clock skew. */
  public Duration leeway() {
    return leeway;
  }

  SessionEventListener listener() {
    return listener;
  }

  RevocationList revocations() {
    return revocations;
  }

  /** The {@code ctx} value of a request under this verifier's current keyset; null without a binding. */
  String contextHash(RequestBinding request) {
    return contextBinding == null ? null : contextBinding.hash(keys.get().keyset(), request);
  }

  /** The client-context binding this verifier checks, if configured. */
  public java.util.Optional<ContextBinding> contextBinding() {
    return java.util.Optional.ofNullable(contextBinding);
  }

  /** Configures a {@link TokenVerifier}; each setter validates its argument at once. */
  public static final class Builder {
    private final KeysetSource keys;
    private String issuer;
    private String audience;
    private TokenProfile profile = TokenProfile.SIGNED_AND_SEALED;
    private String type = DEFAULT_TYPE;
    private SignatureAlgorithm algorithm = SignatureAlgorithm.EDDSA;
    private Clock clock = Clock.systemUTC();
    private Duration leeway = Duration.ofSeconds(60);
    private int maxTokenSize = DEFAULT_MAX_TOKEN_SIZE;
    private RevocationList revocations = RevocationList.none();
    private SessionEventListener listener = SessionEventListener.NONE;
    private boolean failOpen;
    private ContextBinding contextBinding;
    private int cacheEntries;
    private Duration cacheLifetime;
    private VerificationObserver observer = VerificationObserver.NONE;

    private Builder(KeysetSource keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The only accepted {@code iss}, compared exactly; required. */
    public Builder issuer(String issuer) {
      Claims.requireId("issuer", issuer);
      this.issuer = issuer;
      return this;
    }

    /** The audience this verifier serves; the token's {@code aud} must contain it. Required. */
    public Builder audience(String audience) {
      Claims.requireId("audience", audience);
      this.audience = audience;
      return this;
    }

    /** The only accepted profile; default {@link TokenProfile#SIGNED_AND_SEALED}. */
    public Builder profile(TokenProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * The only accepted {@code typ}; default {@code signet+jwt}. Compared case-insensitively,
     * with or without the {@code application/} prefix (RFC 7515 §4.1.9).
     */
    public Builder type(String type) {
      this.type = TokenRules.checkType(type);
      return this;
    }

    /** The only accepted JWS {@code alg} name; default {@link SignatureAlgorithm#EDDSA}. */
    public Builder signatureAlgorithm(SignatureAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** The clock for time checks; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Allowed clock skew between issuer and verifier, applied to {@code exp}, {@code sxp},
     * {@code nbf} and {@code iat}; default 60 s, at most {@link #MAX_LEEWAY}.
     */
    public Builder leeway(Duration leeway) {
      Objects.requireNonNull(leeway, "leeway");
      if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
        throw new IllegalArgumentException("leeway must be between 0 and " + MAX_LEEWAY.toMinutes() + " minutes");
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * The largest accepted token, in characters, checked before any parsing; default 8192,
     * between 256 and 65536.
     */
    public Builder maxTokenSize(int maxTokenSize) {
      this.maxTokenSize = TokenRules.checkMaxSize(maxTokenSize);
      return this;
    }

    /** The revocation list consulted last, on every verification; default {@link RevocationList#none()}. */
    public Builder revocations(RevocationList revocations) {
      this.revocations = Objects.requireNonNull(revocations, "revocations");
      return this;
    }

    /**
     * Accept tokens when the revocation list cannot answer, instead of rejecting them with
     * {@link Rejection#REVOCATION_UNAVAILABLE}. Each such acceptance is logged at WARN.
     *
     * <p><b>Risk:</b> while the list is unavailable, revoked sessions (logged-out users, stolen
     * tokens cut off in an emergency) are accepted until they expire.
     */
    public Builder failOpenOnRevocationErrors() {
      this.failOpen = true;
      return this;
    }

    /**
     * Remembers up to {@code maxEntries} verified tokens, each for at most {@code maxLifetime} and
     * never past its {@code exp}, so that a token seen again skips the cryptography and the
     * claims parsing. Off by default. Worth turning on where the same token arrives many times,
     * as at a gateway in front of a browser session.
     *
     * <p>Entries are keyed by the exact token string: any other spelling of the same token is
     * verified in full. Expiry, not-before, the session's hard expiry and the revocation list are
     * checked on every call, cached or not, so a cached token is rejected as soon as it expires
     * or is revoked. An entry verified against a keyset is not used once the verifier's keyset
     * has changed (a rotation or a reload). Memory: about one token's length in bytes plus a
     * few hundred bytes per entry.
     *
     * @param maxEntries the most tokens held, between 1 and 1,048,576
     * @param maxLifetime how long an entry may be used after its full verification, between 1 s
     *     and 1 day
     */
    public Builder cacheVerifiedTokens(int maxEntries, Duration maxLifetime) {
      if (maxEntries < 1 || maxEntries > MAX_CACHE_ENTRIES) {
        throw new IllegalArgumentException("maxEntries must be between 1 and " + MAX_CACHE_ENTRIES);
      }
      Objects.requireNonNull(maxLifetime, "maxLifetime");
      if (maxLifetime.compareTo(Duration.ofSeconds(1)) < 0 || maxLifetime.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("maxLifetime must be between 1 second and 1 day");
      }
      this.cacheEntries = maxEntries;
      this.cacheLifetime = maxLifetime;
      return this;
    }

    /**
     * Checks every token against the client context it was bound to at login (off by
     * default). The {@code ctx} value is keyed with a key derived from the keyset's encryption
     * keys, so the keyset must hold one. See {@link ContextBinding} for the caveats.
     */
    public Builder contextBinding(ContextBinding contextBinding) {
      this.contextBinding = Objects.requireNonNull(contextBinding, "contextBinding");
      return this;
    }

    /**
     * Receives a {@link SessionEvent.Type#REJECTED} event (with the reason, never the token)
     * for every rejected token and a {@link SessionEvent.Type#CONTEXT_ANOMALY} event for an
     * accepted token whose client context differed under {@link ContextPolicy#REPORT_ONLY},
     * whoever calls {@link #verify}: the servlet filter, the forward-auth server or the
     * application. Default {@link SessionEventListener#NONE}. A {@link SessionManager} over this
     * verifier gives its verification events to this listener once, not twice.
     */
    public Builder listener(SessionEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Told of every verification with its outcome and duration, for metrics; default
     * {@link VerificationObserver#NONE}.
     */
    public Builder observer(VerificationObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws IllegalStateException if issuer or audience is missing, or the keyset lacks the
     *     keys the profile (or the context binding) needs
     */
    public TokenVerifier build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer is required");
      }
      if (audience == null) {
        throw new IllegalStateException("audience is required");
      }
      return new TokenVerifier(this);
    }
  }
}
