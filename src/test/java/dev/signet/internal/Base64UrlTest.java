package dev.signet.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Base64Url#decode(byte[], int, int)}, which runs on the JDK's decoder, refuses every
 * spelling the JDK accepts but a canonical encoding does not have, and otherwise answers as the
 * one-pass validating decoder does.
 */
class Base64UrlTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] decode(String s) {
    byte[] b = ascii(s);
    return Base64Url.decode(b, 0, b.length);
  }

  @Test
  void byteDecoder_refusesPadding() {
    assertNull(decode("QQ=="));
    assertNull(decode("QUI="));
    assertNull(decode("QQ="));
  }

  @Test
  void byteDecoder_refusesPaddingInsideTheSegment() {
    assertNull(decode("QQ==QUJD"));
    assertNull(decode("QUI=QUJD"));
  }

  @Test
  void byteDecoder_refusesNonZeroUnusedBits() {
    assertArrayEquals(new byte[] {'A'}, decode("QQ"));
    assertNull(decode("QR"));
    assertArrayEquals(new byte[] {'A', 'B'}, decode("QUI"));
    assertNull(decode("QUJ"));
  }

  @Test
  void byteDecoder_refusesTheStandardAlphabetsExtraCharacters() {
    assertNull(decode("ab+c"));
    assertNull(decode("ab/c"));
  }

  @Test
  void byteDecoder_refusesWhitespaceNonAsciiAndALengthOfOneModuloFour() {
    assertNull(decode("QUJD\nQUJD"));
    assertNull(decode("QUJDQ"));
    byte[] nonAscii = ascii("QUJDQUJD");
    nonAscii[3] = (byte) 0xC4;
    assertNull(Base64Url.decode(nonAscii, 0, nonAscii.length));
  }

  @Test
  void byteDecoder_decodesOnlyItsRange() {
    byte[] framed = ascii("=QUJD.");
    assertArrayEquals(ascii("ABC"), Base64Url.decode(framed, 1, 5));
    assertArrayEquals(new byte[0], Base64Url.decode(framed, 5, 5));
    assertNull(Base64Url.decode(framed, 0, 4));
  }

  @Test
  void byteDecoder_agreesWithTheValidatingDecoderOnRandomSpellings() {
    SplittableRandom random = new SplittableRandom(7515);
    byte[] alphabet = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. \u00ff");
    for (int n = 0; n < 20_000; n++) {
      byte[] s = new byte[random.nextInt(40)];
      for (int i = 0; i < s.length; i++) {
        // Mostly the alphabet, so that long valid runs with one odd character are common.
        s[i] = alphabet[random.nextInt(random.nextInt(10) == 0 ? alphabet.length : 64)];
      }
      int length = Base64Url.decodedLengthOf(s.length);
      byte[] expected = new byte[Math.max(length, 0)];
      boolean accepted = length >= 0 && Base64Url.decodeInto(s, 0, s.length, expected, 0) >= 0;
      byte[] actual = Base64Url.decode(s, 0, s.length);
      String spelling = new String(s, StandardCharsets.ISO_8859_1);
      assertEquals(accepted, actual != null, spelling);
      if (accepted) {
        assertArrayEquals(expected, actual, spelling);
        assertEquals(spelling, Base64.getUrlEncoder().withoutPadding().encodeToString(actual));
      }
    }
  }
}
