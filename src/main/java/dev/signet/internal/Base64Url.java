package dev.signet.internal;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Strict, canonical base64url (RFC 4648 §5, no padding), as RFC 7515 requires of compact JOSE.
 *
 * <p>Rejects padding, whitespace, any character outside {@code [A-Za-z0-9_-]}, a length of 1
 * modulo 4, and non-zero unused bits in the last character, so every byte string has exactly
 * one accepted spelling. (The JDK's decoder and nimbus accept several.)
 *
 * <p>The verify path decodes each segment in one pass that validates as it goes
 * ({@link #decodeInto}); the length of the result is known from the segment's length alone
 * ({@link #decodedLengthOf}).
 */
public final class Base64Url {
  /** The 6-bit value of each byte, or -1 for a byte outside the alphabet (and for every non-ASCII byte). */
  private static final int[] VALUES = new int[256];

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = i;
    }
  }

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  /**
   * The number of bytes that {@code encodedLength} characters of base64url decode to, or -1 if
   * no canonical encoding has that length (a length of 1 modulo 4).
   */
  public static int decodedLengthOf(int encodedLength) {
    int rem = encodedLength & 3;
    if (rem == 1 || encodedLength < 0) {
      return -1;
    }
    return (encodedLength >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
  }

  /** The number of characters base64url (no padding) spends on {@code n} bytes. */
  public static int encodedLengthOf(int n) {
    return (n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
  }

  /**
   * The decoded length of {@code s[from, to)}, or -1 if that range is not canonical base64url.
   * Validation only; {@link #decodeInto} validates while decoding.
   */
  public static int decodedLength(CharSequence s, int from, int to) {
    int n = decodedLengthOf(to - from);
    if (n < 0) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 128 || VALUES[c] < 0) {
        return -1;
      }
    }
    return lastCharCanonical(VALUES[to > from ? s.charAt(to - 1) : 'A'], to - from) ? n : -1;
  }

  /** As {@link #decodedLength(CharSequence, int, int)}, over ASCII bytes. */
  public static int decodedLength(byte[] s, int from, int to) {
    int n = decodedLengthOf(to - from);
    if (n < 0) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      if (VALUES[s[i] & 0xff] < 0) {
        return -1;
      }
    }
    return lastCharCanonical(VALUES[to > from ? s[to - 1] & 0xff : 'A'], to - from) ? n : -1;
  }

  /** Whether the last character's unused low bits are zero (there are none when the length is a multiple of 4). */
  private static boolean lastCharCanonical(int lastValue, int len) {
    int rem = len & 3;
    if (rem == 0) {
      return true;
    }
    int unusedMask = rem == 2 ? 0x0F : 0x03;
    return (lastValue & unusedMask) == 0;
  }

  /**
   * Decodes {@code s[from, to)} into {@code dst} at {@code off} in one pass, validating as it
   * goes; {@code dst} has room for {@link #decodedLengthOf}{@code (to - from)} bytes.
   *
   * @return the number of bytes written, or -1 if the range is not canonical base64url (then
   *     {@code dst} holds garbage in that range)
   */
  public static int decodeInto(CharSequence s, int from, int to, byte[] dst, int off) {
    int n = decodedLengthOf(to - from);
    if (n < 0) {
      return -1;
    }
    int i = from;
    int o = off;
    int fullEnd = to - ((to - from) & 3);
    while (i < fullEnd) {
      char c0 = s.charAt(i);
      char c1 = s.charAt(i + 1);
      char c2 = s.charAt(i + 2);
      char c3 = s.charAt(i + 3);
      if ((c0 | c1 | c2 | c3) >= 128) {
        return -1;
      }
      if (!quad(VALUES[c0], VALUES[c1], VALUES[c2], VALUES[c3], dst, o)) {
        return -1;
      }
      i += 4;
      o += 3;
    }
    int rem = to - i;
    if (rem == 0) {
      return n;
    }
    char c0 = s.charAt(i);
    char c1 = s.charAt(i + 1);
    char c2 = rem == 3 ? s.charAt(i + 2) : 'A';
    if ((c0 | c1 | c2) >= 128) {
      return -1;
    }
    return tail(VALUES[c0], VALUES[c1], VALUES[c2], rem, dst, o) ? n : -1;
  }

  /** As {@link #decodeInto(CharSequence, int, int, byte[], int)}, over bytes. */
  public static int decodeInto(byte[] s, int from, int to, byte[] dst, int off) {
    int n = decodedLengthOf(to - from);
    if (n < 0) {
      return -1;
    }
    int i = from;
    int o = off;
    int fullEnd = to - ((to - from) & 3);
    while (i < fullEnd) {
      if (!quad(VALUES[s[i] & 0xff], VALUES[s[i + 1] & 0xff], VALUES[s[i + 2] & 0xff], VALUES[s[i + 3] & 0xff],
          dst, o)) {
        return -1;
      }
      i += 4;
      o += 3;
    }
    int rem = to - i;
    if (rem == 0) {
      return n;
    }
    int c = rem == 3 ? VALUES[s[i + 2] & 0xff] : 0;
    return tail(VALUES[s[i] & 0xff], VALUES[s[i + 1] & 0xff], c, rem, dst, o) ? n : -1;
  }

  /** Four characters' values: validated (none negative), three bytes written. */
  private static boolean quad(int a, int b, int c, int d, byte[] dst, int o) {
    if ((a | b | c | d) < 0) {
      return false;
    }
    int bits = a << 18 | b << 12 | c << 6 | d;
    dst[o] = (byte) (bits >> 16);
    dst[o + 1] = (byte) (bits >> 8);
    dst[o + 2] = (byte) bits;
    return true;
  }

  /** The last two or three characters: validated, unused bits zero, one or two bytes written. */
  private static boolean tail(int a, int b, int c, int rem, byte[] dst, int o) {
    if ((a | b | c) < 0) {
      return false;
    }
    if (rem == 2) {
      if ((b & 0x0F) != 0) {
        return false;
      }
      dst[o] = (byte) (a << 2 | b >> 4);
      return true;
    }
    if ((c & 0x03) != 0) {
      return false;
    }
    int bits = a << 18 | b << 12 | c << 6;
    dst[o] = (byte) (bits >> 16);
    dst[o + 1] = (byte) (bits >> 8);
    return true;
  }

  /**
   * Decodes the ASCII bytes {@code s[from, to)}, or returns null if they are not canonical
   * base64url: the same answer as {@link #decodeInto(byte[], int, int, byte[], int)}, on the
   * JDK's decoder (vectorised on common CPUs) for the long segments of the verify path. The
   * JDK's decoder refuses every character outside the alphabet and a length of 1 modulo 4, and
   * accepts {@code =} only as padding at the very end; what it lets through that a canonical
   * encoding must not have (padding, non-zero unused bits) shows in the last character, which
   * is checked first.
   */
  public static byte[] decode(byte[] s, int from, int to) {
    int len = to - from;
    if (decodedLengthOf(len) < 0 || from < 0 || to > s.length) {
      return null;
    }
    if (len == 0) {
      return new byte[0];
    }
    int last = VALUES[s[to - 1] & 0xff];
    if (last < 0 || !lastCharCanonical(last, len)) {
      return null;
    }
    try {
      ByteBuffer out = URL_DECODER.decode(ByteBuffer.wrap(s, from, len));
      byte[] decoded = out.array();
      return out.remaining() == decoded.length ? decoded : null;
    } catch (IllegalArgumentException notBase64url) {
      return null;
    }
  }

  /** Decodes {@code s[from, to)}, or returns null if it is not canonical base64url. */
  public static byte[] decode(CharSequence s, int from, int to) {
    int n = decodedLengthOf(to - from);
    if (n < 0) {
      return null;
    }
    byte[] out = new byte[n];
    return decodeInto(s, from, to, out, 0) < 0 ? null : out;
  }

  /** Decodes a whole string, or returns null if it is not canonical base64url. */
  public static byte[] decode(CharSequence s) {
    return decode(s, 0, s.length());
  }

  /** Encodes without padding. */
  public static String encode(byte[] data) {
    return ENCODER.encodeToString(data);
  }

  /**
   * Encodes {@code src[off, off + len)} without padding, as ASCII, into {@code dst} at
   * {@code dstOff}, which has room for {@link #encodedLengthOf}{@code (len)} bytes.
   *
   * @return the index in {@code dst} after the last byte written
   */
  public static int encodeInto(byte[] src, int off, int len, byte[] dst, int dstOff) {
    int i = off;
    int o = dstOff;
    int fullEnd = off + len - len % 3;
    byte[] abc = ALPHABET;
    while (i < fullEnd) {
      int bits = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
      dst[o] = abc[bits >>> 18];
      dst[o + 1] = abc[(bits >>> 12) & 0x3f];
      dst[o + 2] = abc[(bits >>> 6) & 0x3f];
      dst[o + 3] = abc[bits & 0x3f];
      i += 3;
      o += 4;
    }
    int rem = off + len - i;
    if (rem == 1) {
      int bits = (src[i] & 0xff) << 16;
      dst[o] = abc[bits >>> 18];
      dst[o + 1] = abc[(bits >>> 12) & 0x3f];
      o += 2;
    } else if (rem == 2) {
      int bits = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8;
      dst[o] = abc[bits >>> 18];
      dst[o + 1] = abc[(bits >>> 12) & 0x3f];
      dst[o + 2] = abc[(bits >>> 6) & 0x3f];
      o += 3;
    }
    return o;
  }
}
