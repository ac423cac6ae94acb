package dev.signet.bench;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;

/** The system's libsodium through lazysodium, called directly: the native floor's Ed25519. */
final class NativeEd25519 {
  private final SodiumJava sodium = new SodiumJava(LibraryLoader.Mode.SYSTEM_ONLY);

  /** The native library, or null if it cannot be loaded here. */
  static NativeEd25519 loadOrNull() {
    try {
      return new NativeEd25519();
    } catch (LinkageError | RuntimeException e) {
      return null;
    }
  }

  void sign(byte[] seedAndPub, byte[] msg, int len, byte[] sig) {
    if (sodium.crypto_sign_detached(sig, null, msg, len, seedAndPub) != 0) {
      throw new IllegalStateException("libsodium could not sign");
    }
  }

  boolean verify(byte[] pub, byte[] sig, byte[] msg, int len) {
    return sodium.crypto_sign_verify_detached(sig, msg, len, pub) == 0;
  }
}
