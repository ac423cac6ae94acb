package dev.signet.http;

import java.util.Iterator;

/**
 * The one reader of the session token in a request's {@code Authorization} and {@code Cookie}
 * headers, shared by {@link SignetFilter}, {@link ForwardAuthServer}, {@link SessionCookie#read}
 * and {@link CsrfTokens#readCookie}, so they cannot drift apart.
 *
 * <p>The precedence, in this order (also in docs/GATEWAYS.md):
 *
 * <ol>
 *   <li>An {@code Authorization} header with the {@code Bearer} scheme (case-insensitive) decides:
 *       exactly one such header whose credentials are one word of printable ASCII gives the
 *       token; two or more {@code Bearer} headers, or a malformed one, give no token (401), and
 *       the cookie is not consulted. Readers configured cookie-only skip this step.
 *   <li>{@code Authorization} headers with any other scheme ({@code Basic} on a staging site,
 *       {@code Negotiate}, ...) are not Signet's and are ignored: they never hide the cookie.
 *   <li>Otherwise the session cookie, read across every {@code Cookie} header of the request:
 *       exactly one cookie of that name (compared exactly, surrounding spaces ignored, one pair
 *       of double quotes removed) with a non-empty value of at most
 *       {@value SessionCookie#MAX_COOKIE_BYTES} bytes with its name gives the token; the name
 *       twice or more gives no token, so a cookie planted beside the real one cannot choose
 *       the session.
 *   <li>Otherwise there is no token (401).
 * </ol>
 */
final class RequestTokens {
  private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

  private RequestTokens() {}

  /** Where a token was found. */
  enum Source {
    BEARER,
    COOKIE
  }

  /** A token and where it came from. */
  static final class Found {
    final String token;
    final Source source;

    Found(String token, Source source) {
      this.token = token;
      this.source = source;
    }
  }

  /**
   * The request's session token by the precedence above; null when there is none.
   *
   * @param authorization the values of every {@code Authorization} header (null or empty when none)
   * @param cookies the values of every {@code Cookie} header (null or empty when none)
   * @param cookieName the session cookie's name
   * @param bearer whether a {@code Bearer} header is read at all (false: cookie only)
   */
  static Found find(Iterable<String> authorization, Iterable<String> cookies, String cookieName, boolean bearer) {
    if (bearer && authorization != null) {
      String token = null;
      int count = 0;
      for (String value : authorization) {
        if (value != null && isBearer(value)) {
          count++;
          token = bearerToken(value);
        }
      }
      if (count > 0) {
        return count == 1 && token != null ? new Found(token, Source.BEARER) : null;
      }
    }
    String cookie = cookie(cookies, cookieName);
    return cookie == null ? null : new Found(cookie, Source.COOKIE);
  }

  /**
   * The value of the one cookie {@code name} across the given {@code Cookie} header values; null
   * when absent, repeated, empty, or longer than {@value SessionCookie#MAX_COOKIE_BYTES} bytes
   * with its name.
   */
  static String cookie(Iterable<String> cookieHeaders, String name) {
    if (cookieHeaders == null) {
      return null;
    }
    String found = null;
    int count = 0;
    Iterator<String> it = cookieHeaders.iterator();
    while (it.hasNext()) {
      String header = it.next();
      if (header == null) {
        continue;
      }
      int pos = 0;
      int len = header.length();
      while (pos < len) {
        int end = header.indexOf(';', pos);
        if (end < 0) {
          end = len;
        }
        int eq = header.indexOf('=', pos);
        if (eq > pos && eq < end && nameMatches(header, pos, eq, name)) {
          count++;
          found = unquote(header.substring(eq + 1, end).strip());
        }
        pos = end + 1;
      }
    }
    if (count != 1 || found.isEmpty() || name.length() + 1 + found.length() > SessionCookie.MAX_COOKIE_BYTES) {
      return null;
    }
    return found;
  }

  /** The cookie value in one {@code Cookie} header value, by {@link #cookie(Iterable, String)}. */
  static String cookie(String cookieHeader, String name) {
    return cookieHeader == null ? null : cookie(java.util.List.of(cookieHeader), name);
  }

  /** Whether {@code header[from, to)}, without surrounding spaces and tabs, is exactly {@code name}. */
  private static boolean nameMatches(String header, int from, int to, String name) {
    while (from < to && isSpace(header.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(header.charAt(to - 1))) {
      to--;
    }
    return to - from == name.length() && header.startsWith(name, from);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** Whether an {@code Authorization} value uses the {@code Bearer} scheme (case-insensitive). */
  static boolean isBearer(String header) {
    String h = header.strip();
    return h.regionMatches(true, 0, "Bearer", 0, 6) && (h.length() == 6 || isSpace(h.charAt(6)));
  }

  /** The credentials of a {@code Bearer} value when they are one word of printable ASCII, else null. */
  static String bearerToken(String header) {
    String h = header.strip();
    if (!isBearer(h)) {
      return null;
    }
    String token = h.substring(6).strip();
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

  /** Whether {@code s} is an RFC 9110 token (the syntax of a cookie or header name). */
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
