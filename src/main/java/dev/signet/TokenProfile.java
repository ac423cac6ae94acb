package dev.signet;

/**
 * The wire format of a Signet session token.
 *
 * <p>A verifier accepts exactly one profile, the one it was built with; a token of another
 * profile is rejected as {@link Rejection#UNSUPPORTED}.
 */
public enum TokenProfile {
  /**
   * The default: a JWS signed with Ed25519 ({@code EdDSA}) nested inside a JWE
   * ({@code A256KW}/{@code A256GCM}, {@code cty=JWT}). Only holders of the encryption key can
   * read the claims, and only holders of the private signing key can mint a token, so a
   * gateway that can verify (and read) sessions can never create one.
   */
  SIGNED_AND_SEALED,

  /**
   * A JWE ({@code A256KW}/{@code A256GCM}) with the claims directly inside. Whoever holds the
   * encryption key can both read and mint tokens; use it only where issuer and verifiers are
   * the same trust domain.
   */
  SEALED,

  /**
   * A JWS signed with Ed25519. Anyone can read the claims (they are only base64url-encoded);
   * only holders of the private signing key can mint. Public keys can be published as a JWKS
   * for third parties.
   */
  SIGNED;

  /** Whether tokens of this profile carry an Ed25519 signature. */
  public boolean isSigned() {
    return this != SEALED;
  }

  /** Whether tokens of this profile are encrypted. */
  public boolean isEncrypted() {
    return this != SIGNED;
  }
}
