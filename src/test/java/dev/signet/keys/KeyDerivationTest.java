package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {
  private static final byte[] SECRET = HexFormat.of().parseHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @Test
  void hmacSha256_matchesRfc4231TestCase2() {
    byte[] mac = KeyDerivation.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HexFormat.of().formatHex(mac));
  }

  @Test
  void csrfAndContextKeys_fromTheSameSecret_areDifferentKeys() {
    assertNotEquals(KeyDerivation.CSRF, KeyDerivation.CONTEXT);
    byte[] csrf = KeyDerivation.derive(SECRET, KeyDerivation.CSRF);
    byte[] ctx = KeyDerivation.derive(SECRET, KeyDerivation.CONTEXT);
    assertEquals(32, csrf.length);
    assertFalse(Arrays.equals(csrf, ctx));
    assertFalse(Arrays.equals(csrf, SECRET));
  }

  @Test
  void mac_isTheHmacUnderTheDerivedKey_soTheSameInputDiffersByPurpose() {
    byte[] data = "signet-csrf/1\nsid".getBytes(StandardCharsets.UTF_8);
    assertEquals(HexFormat.of().formatHex(KeyDerivation.hmacSha256(KeyDerivation.derive(SECRET, KeyDerivation.CSRF), data)),
        HexFormat.of().formatHex(KeyDerivation.mac(SECRET, KeyDerivation.CSRF, data)));
    assertFalse(Arrays.equals(KeyDerivation.mac(SECRET, KeyDerivation.CSRF, data),
        KeyDerivation.mac(SECRET, KeyDerivation.CONTEXT, data)));
  }
}
