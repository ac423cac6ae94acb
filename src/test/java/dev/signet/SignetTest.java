package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
  void ed25519Provider_namesBouncyCastleWithoutTheNativeDependency_libsodiumWithIt() {
    String provider = Signet.ed25519Provider();
    if (!lazysodiumPresent()) {
      assertTrue(provider.startsWith("Bouncy Castle"), provider);
    } else if ("1".equals(System.getenv("REQUIRE_LIBSODIUM"))) {
      assertTrue(provider.startsWith("libsodium ") && provider.endsWith(" (native)"), provider);
    } else {
      assertTrue(provider.startsWith("Bouncy Castle") || provider.startsWith("libsodium "), provider);
    }
  }

  @Test
  void ed25519Provider_isTheSameOnEveryCall() {
    assertEquals(Signet.ed25519Provider(), Signet.ed25519Provider());
  }
}
