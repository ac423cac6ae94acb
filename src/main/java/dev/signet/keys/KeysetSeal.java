package dev.signet.keys;

import dev.signet.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The cryptography of an encrypted keyset file: an AES-256-GCM key derived from the passphrase
 * by Argon2id (RFC 9106), and the additional authenticated data that binds the format, its
 * version and every KDF parameter to the ciphertext. It knows nothing of JSON or files.
 *
 * <p>Parameters read from a file are bounded here ({@link #MIN_MEMORY_KIB} to
 * {@link #MAX_MEMORY_KIB}, at most {@link #MAX_ITERATIONS} passes), so a hostile file cannot make
 * a loader allocate or compute without bound.
 */
final class KeysetSeal {
  // OWASP's first recommended Argon2id setting (46 MiB, one pass): as strong as its 19 MiB / two
  // passes option, and cheap enough that every CLI command on an encrypted file stays quick.
  static final int ARGON2_MEMORY_KIB = 46 * 1024;
  static final int ARGON2_ITERATIONS = 1;
  static final int ARGON2_PARALLELISM = 1;
  static final int MIN_MEMORY_KIB = 8 * 1024;
  static final int MAX_MEMORY_KIB = 1024 * 1024;
  static final int MAX_ITERATIONS = 16;
  static final int MAX_PARALLELISM = 16;
  static final int SALT_BYTES = 16;
  static final int IV_BYTES = 12;
  static final String KDF = "argon2id";
  static final String CIPHER = "A256GCM";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The parameters stored beside the ciphertext. */
  static final class Params {
    final int memoryKiB;
    final int iterations;
    final int parallelism;
    final byte[] salt;
    final byte[] iv;

    Params(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] iv) {
      this.memoryKiB = memoryKiB;
      this.iterations = iterations;
      this.parallelism = parallelism;
      this.salt = salt;
      this.iv = iv;
    }

    /** The parameters this Signet writes, with a fresh random salt and IV. */
    static Params fresh() {
      byte[] salt = new byte[SALT_BYTES];
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(salt);
      RANDOM.nextBytes(iv);
      return new Params(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM, salt, iv);
    }

    /** Whether salt and IV have the lengths this format uses. */
    boolean wellFormed() {
      return salt.length >= SALT_BYTES && iv.length == IV_BYTES;
    }
  }

  /** The passphrase does not open the ciphertext, or the ciphertext or its parameters were altered. */
  static final class WrongPassphrase extends Exception {
    private static final long serialVersionUID = 1L;

    WrongPassphrase() {
      super(null, null, false, false);
    }
  }

  private KeysetSeal() {}

  /**
   * The last key one passphrase derived, with its parameters, for a keyset in Redis that is
   * opened again on every change: successive values sealed by a writer with a cache reuse the
   * salt (with a fresh IV each time), so followers derive once and then only run AES-GCM.
   * Reusing the salt for new versions of the same value under the same passphrase keeps what the
   * salt is for (no precomputation across passphrases); GCM stays safe with random 96-bit IVs
   * for far more writes than rotations make. One cache serves one passphrase.
   */
  static final class KeyCache {
    private Params params;
    private byte[] key;

    /** The key for {@code p}: the cached one if the parameters and salt match, else derived and kept. */
    synchronized byte[] keyFor(Params p, Passphrase passphrase) {
      if (params != null && params.memoryKiB == p.memoryKiB && params.iterations == p.iterations
          && params.parallelism == p.parallelism && java.security.MessageDigest.isEqual(params.salt, p.salt)) {
        return key.clone();
      }
      byte[] k = deriveKey(p, passphrase);
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
      params = new Params(p.memoryKiB, p.iterations, p.parallelism, p.salt.clone(), p.iv);
      key = k.clone();
      return k;
    }

    /** Parameters for a new seal: the cached salt (when it has this Signet's KDF setting) with a fresh IV. */
    synchronized Params reusableParams() {
      Params fresh = Params.fresh();
      if (params == null || params.memoryKiB != ARGON2_MEMORY_KIB || params.iterations != ARGON2_ITERATIONS
          || params.parallelism != ARGON2_PARALLELISM) {
        return fresh;
      }
      return new Params(params.memoryKiB, params.iterations, params.parallelism, params.salt.clone(), fresh.iv);
    }
  }

  /** Encrypts {@code plain} for a file of format {@code version}. */
  static byte[] seal(Params params, int version, Passphrase passphrase, byte[] plain) {
    return seal(params, version, passphrase, plain, null);
  }

  /** As {@link #seal(Params, int, Passphrase, byte[])}, deriving through {@code keys} when not null. */
  static byte[] seal(Params params, int version, Passphrase passphrase, byte[] plain, KeyCache keys) {
    byte[] key = keys == null ? deriveKey(params, passphrase) : keys.keyFor(params, passphrase);
    try {
      return gcm(Cipher.ENCRYPT_MODE, key, params, version).doFinal(plain);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("AES-GCM unavailable", ex);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** AES-256-GCM under {@code key} with the file's IV, its parameters and version bound as additional data. */
  private static Cipher gcm(int mode, byte[] key, Params params, int version) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, params.iv));
    c.updateAAD(aad(params, version));
    return c;
  }

  /**
   * Decrypts {@code ciphertext} of a file of format {@code version}; the caller wipes the result.
   *
   * @throws WrongPassphrase if the tag does not verify
   * @throws GeneralSecurityException if the JDK cannot run AES-GCM at all
   */
  static byte[] open(Params params, int version, Passphrase passphrase, byte[] ciphertext)
      throws WrongPassphrase, GeneralSecurityException {
    return open(params, version, passphrase, ciphertext, null);
  }

  /** As {@link #open(Params, int, Passphrase, byte[])}, deriving through {@code keys} when not null. */
  static byte[] open(Params params, int version, Passphrase passphrase, byte[] ciphertext, KeyCache keys)
      throws WrongPassphrase, GeneralSecurityException {
    byte[] key = keys == null ? deriveKey(params, passphrase) : keys.keyFor(params, passphrase);
    try {
      return gcm(Cipher.DECRYPT_MODE, key, params, version).doFinal(ciphertext);
    } catch (AEADBadTagException ex) {
      throw new WrongPassphrase();
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] deriveKey(Params p, Passphrase passphrase) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(p.memoryKiB)
            .withIterations(p.iterations)
            .withParallelism(p.parallelism)
            .withSalt(p.salt)
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] key = new byte[32];
    byte[] pw = passphrase.utf8();
    try {
      gen.generateBytes(pw, key);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    return key;
  }

  /** Format, version and every KDF parameter, authenticated with the ciphertext. */
  private static byte[] aad(Params p, int version) {
    String s =
        KeysetFile.FORMAT + "/" + version + "/" + KDF + "/m=" + p.memoryKiB + ",t=" + p.iterations
            + ",p=" + p.parallelism + "/" + Base64Url.encode(p.salt) + "/" + CIPHER + "/"
            + Base64Url.encode(p.iv);
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
