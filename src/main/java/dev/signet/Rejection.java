package dev.signet;

/**
 * Why a token was rejected.
 *
 * <p>Each constant says exactly when it occurs. The checks run in a fixed order (size, header
 * allow-list, key selection, decryption, signature, claims, times, fingerprint and client-context bindings, revocation) and the first
 * failing check decides the reason, so for example a tampered token that is also expired is
 * reported as {@link #DECRYPTION_FAILED} or {@link #BAD_SIGNATURE}, never as {@link #EXPIRED}:
 * claims are never read before the cryptography succeeds.
 *
 * <p><b>Security:</b> reasons are for logs and metrics. Never send them to the HTTP client; a
 * client gets 401 (or 503 for a {@linkplain #isTransient() transient} reason).
 */
public enum Rejection {
  /** The token is longer than the verifier's size limit; nothing of it was parsed. */
  TOO_LARGE(false),

  /**
   * The token is not a well-formed compact JOSE object of the expected shape: wrong number of
   * segments, non-canonical or invalid base64url, a header or claims set that is not strict
   * JSON (duplicate members, too deep, invalid UTF-8, lone surrogates, trailing data), or a
   * header member of the wrong JSON type.
   */
  MALFORMED(false),

  /**
   * The token asks for something the verifier does not allow: another profile (a JWS where a
   * JWE is expected or the reverse, a nested token in the wrong place), an algorithm or
   * encryption method other than the configured one ({@code none}, {@code HS256},
   * {@code RS256}, {@code dir}, {@code PBES2-*}, ...), compression ({@code zip}), key material
   * or key references in the header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}), a
   * {@code crit} header, or any header member outside the allow-list.
   */
  UNSUPPORTED(false),

  /** The {@code typ} (or the nested token's {@code cty}) header is missing or not the configured one. */
  WRONG_TYPE(false),

  /** The {@code kid} header is missing or names no key of the verifier's keyset for that purpose. */
  UNKNOWN_KEY(false),

  /**
   * The JWE could not be decrypted: the content key does not unwrap under the selected key, or
   * the AES-GCM authentication tag does not match (the token was altered or encrypted under
   * another key).
   */
  DECRYPTION_FAILED(false),

  /** The Ed25519 signature is not exactly 64 bytes or does not verify under the selected key. */
  BAD_SIGNATURE(false),

  /**
   * A required claim ({@code sub}, {@code sid}, {@code jti}, {@code iat}, {@code exp},
   * {@code sxp}, {@code auth_time}) is missing, or a claim has the wrong JSON type, is out of
   * range (times must be whole seconds between 0 and 253402300799, the end of year 9999), or
   * is inconsistent ({@code exp} after {@code sxp}, or {@code auth_time} after {@code iat}
   * plus the leeway).
   */
  INVALID_CLAIMS(false),

  /** The {@code iss} claim is missing or not exactly the configured issuer. */
  WRONG_ISSUER(false),

  /** The {@code aud} claim is missing, malformed, or does not contain the configured audience. */
  WRONG_AUDIENCE(false),

  /** {@code exp} has passed: {@code now >= exp + leeway} (equality counts as expired). */
  EXPIRED(false),

  /**
   * {@code nbf} is later than {@code now + leeway}, or {@code iat} is later than
   * {@code now + leeway} (a token issued in the future).
   */
  NOT_YET_VALID(false),

  /** The session's hard expiry {@code sxp} has passed: {@code now >= sxp + leeway}. */
  SESSION_EXPIRED(false),

  /** The revocation list holds an entry matching the token's {@code jti}, {@code sid}, subject or issue time. */
  REVOKED(false),

  /** The token is bound to a fingerprint cookie that was absent or did not match. */
  FINGERPRINT_MISMATCH(false),

  /** The token is bound to a client context (user agent, network) that does not match the request. */
  CONTEXT_MISMATCH(false),

  /**
   * The revocation list could not answer (for example its distributed store has been
   * unreachable for longer than the staleness bound) and the verifier fails closed. Transient:
   * answer 503, not 401.
   */
  REVOCATION_UNAVAILABLE(true);

  private final boolean transientFailure;

  Rejection(boolean transientFailure) {
    this.transientFailure = transientFailure;
  }

  /**
   * Whether the rejection says nothing about the token itself but about the verifier's
   * environment, so the same token may be accepted later (HTTP 503 rather than 401).
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
