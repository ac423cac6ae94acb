package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import com.sun.jna.NativeLibrary;

/**
 * Ed25519 on the system's native libsodium, through lazysodium-java (JNA). Loaded only by
 * {@link Ed25519Backends} after it has found lazysodium on the class path, and used only if
 * {@link Ed25519SelfTest} passes.
 *
 * <p>Only the operating system's libsodium is loaded ({@code SYSTEM_ONLY}), never the copy that
 * lazysodium's jar carries: the system library is the one the operating system patches.
 * {@code crypto_sign_verify_detached} (in 1.0.18, the version tested) refuses a non-canonical
 * {@code S}, a small-order {@code R}, and a small-order or non-canonical public key; the
 * self-test checks these on the library actually loaded.
 */
final class SodiumEd25519 implements Ed25519Backend {
  private static final int SIGNATURE_BYTES = 64;

  private final SodiumJava sodium;
  private final String name;

  private SodiumEd25519(SodiumJava sodium, String version) {
    this.sodium = sodium;
    this.name = "libsodium " + version + " (native)";
  }

  /**
   * Loads the system library.
   *
   * @throws LinkageError or RuntimeException if it cannot be loaded or initialised
   */
  static SodiumEd25519 load() {
    SodiumJava sodium = new SodiumJava(LibraryLoader.Mode.SYSTEM_ONLY);
    // lazysodium has no binding for sodium_version_string; JNA calls it on the same library.
    String version = NativeLibrary.getInstance("sodium").getFunction("sodium_version_string")
        .invokeString(new Object[0], false);
    return new SodiumEd25519(sodium, version == null ? "(unknown version)" : version);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean verify(Ed25519VerifyKey key, byte[] sig, byte[] msg, int len) {
    if (sig.length != SIGNATURE_BYTES || len < 0 || len > msg.length) {
      return false;
    }
    return sodium.crypto_sign_verify_detached(sig, msg, len, key.encoded) == 0;
  }

  @Override
  public void sign(byte[] seedAndPublicKey, byte[] msg, int len, byte[] sig) {
    if (len < 0 || len > msg.length || sig.length < SIGNATURE_BYTES || seedAndPublicKey.length != 64) {
      throw new IllegalArgumentException("bad Ed25519 signing arguments");
    }
    if (sodium.crypto_sign_detached(sig, null, msg, len, seedAndPublicKey) != 0) {
      throw new IllegalStateException("libsodium could not sign");
    }
  }
}
