package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Ed25519 implementation this JVM uses, chosen once, on first use: native libsodium when
 * lazysodium-java is on the class path, the system's libsodium loads and the known-answer
 * {@link Ed25519SelfTest} passes on it; otherwise Bouncy Castle. Without the optional dependency
 * nothing is attempted and Bouncy Castle is used, as before.
 *
 * <p>The choice is logged once (INFO when native, WARN when the native library is on the class
 * path but refused, with the reason, DEBUG otherwise) and readable through
 * {@code dev.signet.Signet.ed25519Provider()}.
 */
final class Ed25519Backends {
  private static final Logger LOG = LoggerFactory.getLogger(Ed25519Backends.class);
  private static final String LAZYSODIUM = "com.goterl.lazysodium.SodiumJava";

  static final Ed25519Backend BOUNCY_CASTLE = new BouncyCastleEd25519();

  private Ed25519Backends() {}

  /** Initialised on first use, so that the native library is looked for only by a JVM that signs or verifies. */
  private static final class Selected {
    static final Native NATIVE = loadNative();
    static final Ed25519Backend ACTIVE = choose(NATIVE);
  }

  /** The outcome of looking for the native implementation. */
  static final class Native {
    final Ed25519Backend backend;
    final String refusal;

    Native(Ed25519Backend backend, String refusal) {
      this.backend = backend;
      this.refusal = refusal;
    }
  }

  /** The implementation this JVM signs and verifies with. */
  static Ed25519Backend active() {
    return Selected.ACTIVE;
  }

  /** The name of the implementation in use, for example {@code "Bouncy Castle"} or {@code "libsodium 1.0.18 (native)"}. */
  static String activeName() {
    return active().name();
  }

  /** Every implementation usable here: Bouncy Castle, then native libsodium if it loaded and passed its self-test. */
  static List<Ed25519Backend> usable() {
    List<Ed25519Backend> out = new ArrayList<>();
    out.add(BOUNCY_CASTLE);
    if (Selected.NATIVE.backend != null) {
      out.add(Selected.NATIVE.backend);
    }
    return out;
  }

  /** Why the native implementation is not in use: {@code null} if it is, otherwise a short reason. */
  static String nativeRefusal() {
    return Selected.NATIVE.refusal;
  }

  private static Native loadNative() {
    try {
      Class.forName(LAZYSODIUM, false, Ed25519Backends.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new Native(null, "lazysodium-java is not on the class path");
    }
    Ed25519Backend candidate;
    try {
      candidate = SodiumEd25519.load();
    } catch (LinkageError | RuntimeException e) {
      return new Native(null, "the system libsodium could not be loaded (" + e.getClass().getSimpleName() + ")");
    }
    String failure;
    try {
      failure = Ed25519SelfTest.check(candidate);
    } catch (LinkageError | RuntimeException e) {
      failure = "self-test threw " + e.getClass().getSimpleName();
    }
    if (failure != null) {
      return new Native(null, candidate.name() + " failed its self-test: " + failure);
    }
    return new Native(candidate, null);
  }

  private static Ed25519Backend choose(Native found) {
    if (found.backend != null) {
      LOG.info("Ed25519: {}, self-test passed (RFC 8032 tests 1-3, strict verification)", found.backend.name());
      return found.backend;
    }
    if (found.refusal.startsWith("lazysodium-java is not")) {
      LOG.debug("Ed25519: {} ({})", BOUNCY_CASTLE.name(), found.refusal);
    } else {
      LOG.warn("Ed25519: {}; native libsodium not used: {}", BOUNCY_CASTLE.name(), found.refusal);
    }
    return BOUNCY_CASTLE;
  }
}
