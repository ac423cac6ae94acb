package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTokensTest {
  private static final String NAME = "__Host-s";

  private static String find(List<String> authorization, List<String> cookies) {
    RequestTokens.Found f = RequestTokens.find(authorization, cookies, NAME, true);
    return f == null ? null : f.source + ":" + f.token;
  }

  @Test
  void bearerToken_isReadCaseInsensitively() {
    assertEquals("abc.def", RequestTokens.bearerToken("bearer   abc.def "));
    assertNull(RequestTokens.bearerToken("Basic abc"));
    assertNull(RequestTokens.bearerToken("Bearer "));
    assertNull(RequestTokens.bearerToken("Bearer a b"));
    assertNull(RequestTokens.bearerToken("Bearerabc"));
  }

  @Test
  void cookie_findsExactNameUnquotedAcrossHeaders() {
    assertEquals("v", RequestTokens.cookie("x__Host-s=1; __Host-s=\"v\";y=2", NAME));
    assertEquals("v", RequestTokens.cookie(List.of("a=1", " __Host-s = v "), NAME));
    assertNull(RequestTokens.cookie("__HOST-s=1", NAME));
  }

  @Test
  void cookie_repeatedEmptyOrOversize_isNone() {
    assertNull(RequestTokens.cookie("__Host-s=1;__Host-s=2", NAME));
    assertNull(RequestTokens.cookie(List.of("__Host-s=1", "__Host-s=1"), NAME));
    assertNull(RequestTokens.cookie("__Host-s=", NAME));
    assertNull(RequestTokens.cookie("__Host-s=" + "a".repeat(SessionCookie.MAX_COOKIE_BYTES), NAME));
  }

  @Test
  void find_bearerHeader_winsOverTheCookie() {
    assertEquals("BEARER:b", find(List.of("Bearer b"), List.of("__Host-s=c")));
  }

  @Test
  void find_otherAuthorizationScheme_doesNotHideTheCookie() {
    assertEquals("COOKIE:c", find(List.of("Basic YWxpY2U6cHc="), List.of("__Host-s=c")));
    assertEquals("COOKIE:c", find(List.of("Negotiate abc", "Basic x"), List.of("__Host-s=c")));
  }

  @Test
  void find_twoOrMalformedBearerHeaders_giveNoTokenAndNoFallback() {
    assertNull(find(List.of("Bearer a", "Bearer b"), List.of("__Host-s=c")));
    assertNull(find(List.of("Bearer a b"), List.of("__Host-s=c")));
    assertNull(find(List.of("Bearer"), List.of("__Host-s=c")));
  }

  @Test
  void find_cookieOnly_ignoresBearer() {
    RequestTokens.Found f = RequestTokens.find(List.of("Bearer b"), List.of("__Host-s=c"), NAME, false);
    assertEquals("c", f.token);
    assertNull(RequestTokens.find(List.of("Bearer b"), null, NAME, false));
  }

  @Test
  void find_nothing_isNone() {
    assertNull(find(null, null));
    assertNull(find(List.of(), List.of("other=1")));
  }
}
