package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build facts: version, commit and Ed25519 provider. */
class SignetTest {
  private static boolean lazysodiumPresent() {
    try {
      Class.forName("com.goterl.lazysodium.SodiumJava");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void version_isTheRecordedProjectVersion() {
    assertTrue(Signet.version().matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), Signet.version());
  }

  @Test
  void commit_isFortyHexDigitsOrUnknown() {
    assertTrue(Signet.commit().matches("[0-9a-f]{40}(-dirty)?|unknown"), Signet.commit());
  }

  @Test
  void ed25519Provider_namesBouncyCastleWithItsVersionWithoutTheNativeDependency_libsodiumWithIt() {
    String provider = Signet.ed25519Provider();
    if (!lazysodiumPresent()) {
      assertTrue(provider.matches("Bouncy Castle \\d+\\.\\d+(\\.\\d+)?"), provider);
    } else if ("1".equals(System.getenv("REQUIRE_LIBSODIUM"))) {
      assertTrue(provider.startsWith("libsodium ") && provider.endsWith(" (native)"), provider);
    } else {
      assertTrue(provider.startsWith("Bouncy Castle") || provider.startsWith("libsodium "), provider);
    }
  }

  @Test
  void ed25519Provider_namesTheImplementationThatSignsAndVerifies() {
    boolean nativeNamed = Signet.ed25519Provider().startsWith("libsodium ");
    assertEquals(nativeNamed, Ed25519Backends.active() instanceof SodiumEd25519, Signet.ed25519Provider());
  }
}
