package dev.signet;

import dev.signet.internal.Base64Url;

/**
 * One implementation of Ed25519 (RFC 8032, pure Ed25519, no context): Bouncy Castle's, or the
 * native libsodium's when it is present and passes its self-test. {@link Ed25519Backends} picks
 * one per JVM.
 *
 * <p>Implementations are stateless and thread-safe. The caller checks lengths: signatures are
 * exactly 64 bytes and keys were validated by Bouncy Castle when the keyset was prepared.
 */
interface Ed25519Backend {
  /** The implementation and its version, for a log line, {@code --version} and the benchmarks. */
  String name();

  /** Whether {@code sig} is a valid signature of {@code msg[0, len)} under {@code key}. */
  boolean verify(Ed25519VerifyKey key, byte[] sig, byte[] msg, int len);

  /**
   * Signs {@code msg[0, len)} into {@code sig[0, 64)}.
   *
   * @param seedAndPublicKey the 32-byte private seed followed by the 32-byte public key
   */
  void sign(byte[] seedAndPublicKey, byte[] msg, int len, byte[] sig);
}
