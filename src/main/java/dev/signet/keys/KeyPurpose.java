package dev.signet.keys;

/** What a key is for. A key has exactly one purpose. */
public enum KeyPurpose {
  /** An Ed25519 key pair that signs tokens (private half) and verifies them (public half). JWK {@code use=sig}. */
  SIGNING("sig"),

  /** A 256-bit AES key that wraps each token's content key ({@code A256KW}). JWK {@code use=enc}. */
  ENCRYPTION("enc");

  private final String jwkUse;

  KeyPurpose(String jwkUse) {
    this.jwkUse = jwkUse;
  }

  /** The JWK {@code use} value for this purpose. */
  public String jwkUse() {
    return jwkUse;
  }

  /**
   * The purpose for a JWK {@code use} value.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static KeyPurpose fromJwkUse(String use) {
    for (KeyPurpose p : values()) {
      if (p.jwkUse.equals(use)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown key use: " + use);
  }
}
