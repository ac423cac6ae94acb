package dev.signet.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@link Base64Url} against the JDK's decoder. Oracle: Signet accepts a string exactly when the
 * JDK decodes it and re-encoding (no padding) gives back the same string, that is, exactly the
 * canonical spellings; then both decode to the same bytes. And any bytes survive encode/decode.
 */
class Base64UrlFuzzTest {
  static {
    dev.signet.FuzzLogging.warnOnlyWhileFuzzing();
  }

  private static final Base64.Decoder JDK = Base64.getUrlDecoder();
  private static final Base64.Encoder JDK_ENCODER = Base64.getUrlEncoder().withoutPadding();

  @FuzzTest(maxDuration = "5m")
  void decodeMatchesJdk(byte[] data) {
    String s = new String(data, StandardCharsets.ISO_8859_1);
    byte[] ours = Base64Url.decode(s);
    byte[] jdk;
    try {
      jdk = JDK.decode(s);
    } catch (IllegalArgumentException e) {
      jdk = null;
    }
    boolean canonical = jdk != null && JDK_ENCODER.encodeToString(jdk).equals(s);
    assertEquals(canonical, ours != null, "accepted exactly the canonical spellings");
    if (ours != null) {
      assertArrayEquals(jdk, ours);
      assertEquals(ours.length, Base64Url.decodedLength(s, 0, s.length()));
    } else {
      assertEquals(-1, Base64Url.decodedLength(s, 0, s.length()));
    }
    assertArrayEquals(data, Base64Url.decode(Base64Url.encode(data)));
    // The byte-array decoder (nested JWS) gives the same answer as the string one.
    int n = Base64Url.decodedLengthOf(data.length);
    byte[] fromBytes = new byte[Math.max(n, 0)];
    int written = n < 0 ? -1 : Base64Url.decodeInto(data, 0, data.length, fromBytes, 0);
    assertEquals(ours != null, written >= 0, "byte and string decoders agree on acceptance");
    if (ours != null) {
      assertArrayEquals(ours, fromBytes);
    }
    // The JDK-backed byte decoder (long segments of the verify path) agrees too, on a range
    // with other bytes around it.
    byte[] framed = new byte[data.length + 2];
    framed[0] = '=';
    framed[framed.length - 1] = 'A';
    System.arraycopy(data, 0, framed, 1, data.length);
    byte[] jdkBacked = Base64Url.decode(framed, 1, framed.length - 1);
    assertEquals(ours != null, jdkBacked != null, "JDK-backed and string decoders agree on acceptance");
    if (ours != null) {
      assertArrayEquals(ours, jdkBacked);
    }
    // The writer's encoder gives the JDK's spelling.
    byte[] encoded = new byte[Base64Url.encodedLengthOf(data.length) + 1];
    assertEquals(encoded.length, Base64Url.encodeInto(data, 0, data.length, encoded, 1));
    assertEquals(JDK_ENCODER.encodeToString(data), new String(encoded, 1, encoded.length - 1, StandardCharsets.ISO_8859_1));
  }
}
