package dev.signet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build facts: version, commit and Ed25519 provider, as the build recorded them. */
class SignetTest {
  @Test
  void version_isTheRecordedProjectVersion() {
    assertTrue(Signet.version().matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), Signet.version());
  }

  @Test
  void commit_isFortyHexDigitsOrUnknown() {
    assertTrue(Signet.commit().matches("[0-9a-f]{40}(-dirty)?|unknown"), Signet.commit());
  }

  @Test
  void ed25519Provider_isBouncyCastleWithTheVersionOnTheClassPath() {
    assertTrue(Signet.ed25519Provider().matches("Bouncy Castle \\d+\\.\\d+(\\.\\d+)?"), Signet.ed25519Provider());
  }
}
