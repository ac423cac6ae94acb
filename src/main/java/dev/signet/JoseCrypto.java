package dev.signet;

import dev.signet.internal.Base64Url;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of both paths, in one place so that they are the code the test vectors replay:
 * Ed25519 signing and verification (signature length exactly 64 bytes; Bouncy Castle, or native
 * libsodium when {@link Ed25519Backends} selected it), AES key wrap and unwrap (RFC 3394) and
 * AES-GCM with a 128-bit tag (JCA). JCA ciphers are kept per thread and reinitialised per
 * token, never looked up per call.
 */
final class JoseCrypto {
  static final int GCM_TAG_BYTES = 16;
  static final int SIGNATURE_BYTES = 64;

  private static final ThreadLocal<KeyWrapper> UNWRAP = ThreadLocal.withInitial(() -> new KeyWrapper(Cipher.DECRYPT_MODE));
  private static final ThreadLocal<KeyWrapper> WRAP = ThreadLocal.withInitial(() -> new KeyWrapper(Cipher.ENCRYPT_MODE));
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> cipher("AES/GCM/NoPadding"));
  private static final ThreadLocal<Cipher> GCM_SEAL = ThreadLocal.withInitial(() -> cipher("AES/GCM/NoPadding"));

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
  static boolean verifyEd25519(Ed25519VerifyKey key, byte[] sig, byte[] msg) {
    return verifyEd25519(Ed25519Backends.active(), key, sig, msg, msg.length);
  }

  /** As {@link #verifyEd25519(Ed25519VerifyKey, byte[], byte[])}, over {@code msg[0, len)}, used in place. */
  static boolean verifyEd25519(Ed25519VerifyKey key, byte[] sig, byte[] msg, int len) {
    return verifyEd25519(Ed25519Backends.active(), key, sig, msg, len);
  }

  /** As {@link #verifyEd25519(Ed25519VerifyKey, byte[], byte[], int)}, with the given implementation. */
  static boolean verifyEd25519(Ed25519Backend backend, Ed25519VerifyKey key, byte[] sig, byte[] msg, int len) {
    if (sig.length != SIGNATURE_BYTES || len < 0 || len > msg.length) {
      return false;
    }
    return backend.verify(key, sig, msg, len);
  }

  /**
   * Wraps a content key (AES key wrap, RFC 3394, default IV). Each thread keeps one wrap cipher
   * initialised with the last key-encryption key it saw, so an issuer minting under one key
   * pays the key schedule once.
   */
  static byte[] wrapKey(SecretKey kek, byte[] cek) throws GeneralSecurityException {
    return WRAP.get().run(kek, cek);
  }

  /**
   * Encrypts with AES-GCM (128-bit tag): {@code plaintext[0, len)} under {@code cek} and
   * {@code iv}, authenticating {@code aad}, into {@code out} at {@code outOff} as the ciphertext
   * followed by the tag ({@code len + 16} bytes). The content key is fresh for every token, so
   * an IV never repeats under one key.
   */
  static void sealGcm(byte[] cek, byte[] iv, byte[] aad, byte[] plaintext, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    Cipher gcm = GCM_SEAL.get();
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(GCM_TAG_BYTES * 8, iv));
    gcm.updateAAD(aad);
    gcm.doFinal(plaintext, 0, len, out, outOff);
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
    return UNWRAP.get().run(kek, wrapped);
  }

  /**
   * One thread's key-wrap cipher, for wrapping or unwrapping, and the key it was last
   * initialised with. A JCA key-wrap cipher returns to its initialised state after each
   * {@code doFinal} (RFC 3394 has no per-message IV), so a gateway or an issuer that sees the same
   * key-encryption key on every token skips the key schedule; after any failure the cipher is
   * initialised again before its next use.
   */
  private static final class KeyWrapper {
    private final Cipher cipher = cipher("AES/KW/NoPadding");
    private final int mode;
    private SecretKey key;

    KeyWrapper(int mode) {
      this.mode = mode;
    }

    byte[] run(SecretKey kek, byte[] input) throws GeneralSecurityException {
      if (kek != key) {
        key = null;
        cipher.init(mode, kek);
        key = kek;
      }
      boolean done = false;
      try {
        byte[] out = cipher.doFinal(input);
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
