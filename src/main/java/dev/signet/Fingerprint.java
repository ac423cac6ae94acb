package dev.signet;

import dev.signet.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The token-sidejacking defence of the OWASP JWT cheat sheet: a random value kept in its own
 * hardened cookie, whose SHA-256 is carried in the token's {@code fgp} claim.
 *
 * <p>A stolen token alone is useless: the verifier also needs the fingerprint cookie, which is
 * {@code HttpOnly} (so script cannot read it) and sent only by the browser that holds it. A
 * token carrying {@code fgp} is rejected with {@link Rejection#FINGERPRINT_MISMATCH} when the
 * request's fingerprint is absent or hashes to another value; the hashes are compared in
 * constant time.
 */
public final class Fingerprint {
  private static final int VALUE_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Fingerprint() {}

  /** A fresh fingerprint value: 256 bits from a CSPRNG, base64url (43 characters). */
  public static String newValue() {
    byte[] b = new byte[VALUE_BYTES];
    RANDOM.nextBytes(b);
    return Base64Url.encode(b);
  }

  /** The value of the {@code fgp} claim for a fingerprint value: base64url SHA-256 of its UTF-8 bytes. */
  public static String hash(String value) {
    Objects.requireNonNull(value, "value");
    return Base64Url.encode(sha256(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether {@code value} hashes to {@code expectedHash}; constant time in the hash bytes. */
  static boolean matches(String expectedHash, String value) {
    if (value == null || value.isEmpty() || value.length() > 1024) {
      return false;
    }
    byte[] expected = expectedHash.getBytes(StandardCharsets.US_ASCII);
    byte[] actual = hash(value).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
