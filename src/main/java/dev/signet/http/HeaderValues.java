package dev.signet.http;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Reading tokens out of request headers and writing session data into response headers. */
final class HeaderValues {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

  private HeaderValues() {}

  /**
   * The value as a header value: unchanged when it is printable ASCII without spaces or
   * {@code %} (or {@code ,} when {@code listItem}); otherwise those characters percent-encoded
   * as UTF-8. CR and LF can never reach the response.
   */
  static String encode(String value, boolean listItem) {
    int i = 0;
    while (i < value.length() && !mustEncode(value.charAt(i), listItem)) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length() + 16).append(value, 0, i);
    for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (mustEncode(c, listItem)) {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean mustEncode(char c, boolean listItem) {
    return c <= 0x20 || c >= 0x7f || c == '%' || (listItem && c == ',');
  }

  /** The roles, each encoded, joined by commas; empty when none. */
  static String roles(Collection<String> roles) {
    if (roles.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String r : roles) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(encode(r, true));
    }
    return sb.toString();
  }

  /** The token of an {@code Authorization: Bearer <token>} value (scheme case-insensitive), or null. */
  static String bearer(String header) {
    String h = header.trim();
    if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = h.substring(7).trim();
    if (token.isEmpty()) {
      return null;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return null;
      }
    }
    return token;
  }

  /** How often a cookie of this name occurs in one {@code Cookie} header, and its (last) value. */
  static final class CookieMatch {
    static final CookieMatch NONE = new CookieMatch(0, null);
    final int count;
    final String value;

    CookieMatch(int count, String value) {
      this.count = count;
      this.value = value;
    }
  }

  /** Finds the cookie {@code name} in a {@code Cookie} header ({@code a=b; c=d}); names compare exactly. */
  static CookieMatch cookie(String header, String name) {
    int count = 0;
    String value = null;
    int pos = 0;
    int len = header.length();
    while (pos < len) {
      int end = header.indexOf(';', pos);
      if (end < 0) {
        end = len;
      }
      int start = pos;
      while (start < end && (header.charAt(start) == ' ' || header.charAt(start) == '\t')) {
        start++;
      }
      int eq = header.indexOf('=', start);
      if (eq > start && eq < end && eq - start == name.length() && header.startsWith(name, start)) {
        count++;
        value = unquote(header.substring(eq + 1, end).trim());
      }
      pos = end + 1;
    }
    return count == 0 ? CookieMatch.NONE : new CookieMatch(count, value);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** Whether {@code s} is an RFC 7230 token (the syntax of a cookie name). */
  static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || TOKEN_CHARS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
