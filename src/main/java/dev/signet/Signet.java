package dev.signet;

import dev.signet.internal.Ed25519Backends;

/**
 * Facts about the Signet library as loaded in this JVM.
 *
 * <p>Ed25519 runs on Bouncy Castle unless the optional dependency
 * {@code com.goterl:lazysodium-java} is on the class path, the operating system's libsodium
 * loads, and a known-answer self-test (RFC 8032 tests 1 to 3 and the strict-verification
 * refusals Signet promises) passes on it at start-up; then on native libsodium. See SECURITY.md
 * for the trade.
 */
public final class Signet {
  private Signet() {}

  /**
   * The Ed25519 implementation this JVM signs and verifies with, and its version, for example
   * {@code "Bouncy Castle"} or {@code "libsodium 1.0.18 (native)"}. The first call makes
   * the choice (and logs it once) if no token was signed or verified yet.
   */
  public static String ed25519Provider() {
    return Ed25519Backends.activeName();
  }
}
