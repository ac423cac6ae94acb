package dev.signet.internal;

import java.util.Base64;

/**
 * Strict, canonical base64url (RFC 4648 §5, no padding), as RFC 7515 requires of compact JOSE.
 *
 * <p>Rejects padding, whitespace, any character outside {@code [A-Za-z0-9_-]}, a length of 1
 * modulo 4, and non-zero unused bits in the last character, so every byte string has exactly
 * one accepted spelling. (The JDK's decoder and nimbus accept several.)
 */
public final class Base64Url {
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Base64Url() {}

  /**
   * The decoded length of {@code s[from, to)}, or -1 if that range is not canonical base64url.
   */
  public static int decodedLength(CharSequence s, int from, int to) {
    int len = to - from;
    int rem = len & 3;
    if (rem == 1) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 128 || VALUES[c] < 0) {
        return -1;
      }
    }
    if (rem != 0) {
      int last = VALUES[s.charAt(to - 1)];
      int unusedMask = rem == 2 ? 0x0F : 0x03;
      if ((last & unusedMask) != 0) {
        return -1;
      }
    }
    return (len >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
  }

  /**
   * Decodes {@code s[from, to)}, already validated by {@link #decodedLength}, into {@code dst} at
   * {@code off}.
   */
  public static void decodeValidated(CharSequence s, int from, int to, byte[] dst, int off) {
    int i = from;
    int o = off;
    int fullEnd = to - ((to - from) & 3);
    while (i < fullEnd) {
      int bits =
          VALUES[s.charAt(i)] << 18
              | VALUES[s.charAt(i + 1)] << 12
              | VALUES[s.charAt(i + 2)] << 6
              | VALUES[s.charAt(i + 3)];
      dst[o] = (byte) (bits >> 16);
      dst[o + 1] = (byte) (bits >> 8);
      dst[o + 2] = (byte) bits;
      i += 4;
      o += 3;
    }
    int rem = to - i;
    if (rem == 2) {
      int bits = VALUES[s.charAt(i)] << 18 | VALUES[s.charAt(i + 1)] << 12;
      dst[o] = (byte) (bits >> 16);
    } else if (rem == 3) {
      int bits = VALUES[s.charAt(i)] << 18 | VALUES[s.charAt(i + 1)] << 12 | VALUES[s.charAt(i + 2)] << 6;
      dst[o] = (byte) (bits >> 16);
      dst[o + 1] = (byte) (bits >> 8);
    }
  }

  /** As {@link #decodedLength(CharSequence, int, int)}, over ASCII bytes. */
  public static int decodedLength(byte[] s, int from, int to) {
    int len = to - from;
    int rem = len & 3;
    if (rem == 1) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      byte c = s[i];
      if (c < 0 || VALUES[c] < 0) {
        return -1;
      }
    }
    if (rem != 0) {
      int last = VALUES[s[to - 1]];
      int unusedMask = rem == 2 ? 0x0F : 0x03;
      if ((last & unusedMask) != 0) {
        return -1;
      }
    }
    return (len >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
  }

  /** As {@link #decodeValidated(CharSequence, int, int, byte[], int)}, over ASCII bytes. */
  public static void decodeValidated(byte[] s, int from, int to, byte[] dst, int off) {
    int i = from;
    int o = off;
    int fullEnd = to - ((to - from) & 3);
    while (i < fullEnd) {
      int bits = VALUES[s[i]] << 18 | VALUES[s[i + 1]] << 12 | VALUES[s[i + 2]] << 6 | VALUES[s[i + 3]];
      dst[o] = (byte) (bits >> 16);
      dst[o + 1] = (byte) (bits >> 8);
      dst[o + 2] = (byte) bits;
      i += 4;
      o += 3;
    }
    int rem = to - i;
    if (rem == 2) {
      int bits = VALUES[s[i]] << 18 | VALUES[s[i + 1]] << 12;
      dst[o] = (byte) (bits >> 16);
    } else if (rem == 3) {
      int bits = VALUES[s[i]] << 18 | VALUES[s[i + 1]] << 12 | VALUES[s[i + 2]] << 6;
      dst[o] = (byte) (bits >> 16);
      dst[o + 1] = (byte) (bits >> 8);
    }
  }

  /** Decodes {@code s[from, to)}, or returns null if it is not canonical base64url. */
  public static byte[] decode(CharSequence s, int from, int to) {
    int n = decodedLength(s, from, to);
    if (n < 0) {
      return null;
    }
    byte[] out = new byte[n];
    decodeValidated(s, from, to, out, 0);
    return out;
  }

  /** Decodes a whole string, or returns null if it is not canonical base64url. */
  public static byte[] decode(CharSequence s) {
    return decode(s, 0, s.length());
  }

  /** Encodes without padding. */
  public static String encode(byte[] data) {
    return ENCODER.encodeToString(data);
  }
}
