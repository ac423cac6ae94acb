package dev.signet.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Purpose keys derived from a keyset's encryption key, one per label: {@code key =
 * HMAC-SHA256(secret, label)}. HMAC-SHA256 under a uniformly random 256-bit secret is a
 * pseudo-random function, so keys derived under different labels are independent of each other
 * and of the secret (domain separation): knowing one purpose key, or anything computed with it,
 * tells nothing about another. Each label is used by exactly one purpose, listed here so they
 * cannot collide.
 */
public final class KeyDerivation {
  /** The label of the CSRF token key ({@code dev.signet.http.CsrfTokens}). */
  public static final String CSRF = "signet csrf key v1";
  /** The label of the client-context ({@code ctx} claim) key ({@code dev.signet.ContextBinding}). */
  public static final String CONTEXT = "signet ctx key v1";

  private KeyDerivation() {}

  /** The purpose key for {@code label} under {@code secret}: 32 bytes. */
  static byte[] derive(byte[] secret, String label) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(label, "label");
    return hmacSha256(secret, label.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * {@code HMAC-SHA256(purposeKey(secret, label), data)}; the purpose key is wiped after use.
   */
  static byte[] mac(byte[] secret, String label, byte[] data) {
    byte[] key = derive(secret, label);
    try {
      return hmacSha256(key, data);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * {@code HMAC-SHA256(purposeKey(encryptionKey, label), data)}: a MAC under the purpose key
   * that {@code label} derives from an encryption key of a keyset. The key's secret and the
   * purpose key are wiped after use.
   *
   * @param label {@link #CSRF} or {@link #CONTEXT}
   */
  public static byte[] mac(KeyEntry encryptionKey, String label, byte[] data) {
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    switch (Objects.requireNonNull(label, "label")) {
      case CSRF:
      case CONTEXT:
        break;
      default:
        throw new IllegalArgumentException("label must be KeyDerivation.CSRF or KeyDerivation.CONTEXT");
    }
    byte[] secret = encryptionKey.secretBytes(SecretAccess.insecure());
    try {
      return mac(secret, label, data);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** {@code HMAC-SHA256(key, data)}. */
  static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
