package dev.signet.http;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The values of the identity headers a forward-auth answer carries ({@code X-Signet-Subject},
 * {@code X-Signet-Session}, {@code X-Signet-Roles}): percent-encoded so that no session value
 * can break a header line.
 */
final class IdentityHeaders {
  static final String SUBJECT = "X-Signet-Subject";
  static final String SESSION = "X-Signet-Session";
  static final String ROLES = "X-Signet-Roles";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private IdentityHeaders() {}

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
}
