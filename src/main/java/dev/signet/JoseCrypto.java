package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The three primitives on the verify path, in one place so that they are the code the test
 * vectors replay: Ed25519 verification (Bouncy Castle, signature length exactly 64 bytes),
 * AES key unwrap (RFC 3394) and AES-GCM decryption with a 128-bit tag (JCA).
 */
final class JoseCrypto {
  static final int GCM_TAG_BYTES = 16;

  private static final ThreadLocal<Unwrapper> UNWRAP = ThreadLocal.withInitial(Unwrapper::new);
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> cipher("AES/GCM/NoPadding"));

  private JoseCrypto() {}

  private static Cipher cipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks " + transformation, e);
    }
  }

  /**
   * Whether {@code sig} is a valid Ed25519 signature of {@code msg} under {@code key}. A
   * signature of any length other than 64 bytes is invalid, whatever the backend would say.
   */
  static boolean verifyEd25519(Ed25519.PublicPoint key, byte[] sig, byte[] msg) {
    if (sig.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(sig, 0, key, msg, 0, msg.length);
  }

  /** As {@link #verifyEd25519(Ed25519.PublicPoint, byte[], byte[])}, over {@code msg[off, off+len)}, used in place. */
  static boolean verifyEd25519(Ed25519.PublicPoint key, byte[] sig, byte[] msg, int off, int len) {
    if (sig.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(sig, 0, key, msg, off, len);
  }

  /**
   * Unwraps a content key (AES key wrap, RFC 3394, default IV).
   *
   * @throws GeneralSecurityException if the integrity check fails or the input has a bad length
   */
  static byte[] unwrapKey(SecretKey kek, byte[] wrapped) throws GeneralSecurityException {
    // RFC 3394 input is 64-bit blocks, at least two (the check block and one key block). The
    // JDK's cipher throws NegativeArraySizeException on shorter input instead of an exception
    // of the API, so the length is checked here.
    if (wrapped.length < 16 || wrapped.length % 8 != 0) {
      throw new IllegalBlockSizeException("wrapped key of " + wrapped.length + " bytes");
    }
    return UNWRAP.get().unwrap(kek, wrapped);
  }

  /**
   * One thread's key-unwrap cipher and the key it was last initialised with. A JCA cipher
   * returns to its initialised state after each {@code doFinal}, so a gateway that sees the same
   * key-encryption key on every token skips the key schedule; after any failure the cipher is
   * initialised again before its next use.
   */
  private static final class Unwrapper {
    private final Cipher cipher = cipher("AES/KW/NoPadding");
    private SecretKey key;

    byte[] unwrap(SecretKey kek, byte[] wrapped) throws GeneralSecurityException {
      if (kek != key) {
        key = null;
        cipher.init(Cipher.DECRYPT_MODE, kek);
        key = kek;
      }
      boolean done = false;
      try {
        byte[] out = cipher.doFinal(wrapped);
        done = true;
        return out;
      } finally {
        if (!done) {
          key = null;
        }
      }
    }
  }

  /**
   * Decrypts and authenticates AES-GCM (128-bit tag) content.
   *
   * @param sealed the ciphertext followed by the 16-byte tag
   * @throws AEADBadTagException if the tag does not match
   * @throws GeneralSecurityException if the key or IV is unusable
   */
  static byte[] openGcm(byte[] cek, byte[] iv, byte[] aad, byte[] sealed) throws GeneralSecurityException {
    Cipher gcm = GCM.get();
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(GCM_TAG_BYTES * 8, iv));
    gcm.updateAAD(aad);
    return gcm.doFinal(sealed);
  }
}
