package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {
  @Test
  void encode_leavesPlainAsciiAlone() {
    assertEquals("alice@example.com", HeaderValues.encode("alice@example.com", false));
  }

  @Test
  void encode_percentEncodesCrLfSpacePercentAndNonAscii() {
    assertEquals("a%0D%0AX-Signet-Subject:%20root", HeaderValues.encode("a\r\nX-Signet-Subject: root", false));
    assertEquals("100%25", HeaderValues.encode("100%", false));
    assertEquals("J%C3%BCrgen", HeaderValues.encode("Jürgen", false));
  }

  @Test
  void roles_areJoinedByCommasWithCommasInsideEncoded() {
    assertEquals("a%2Cb,c", HeaderValues.roles(List.of("a,b", "c")));
    assertEquals("", HeaderValues.roles(List.of()));
  }

  @Test
  void bearer_readsTokenCaseInsensitively() {
    assertEquals("abc.def", HeaderValues.bearer("bearer   abc.def "));
    assertNull(HeaderValues.bearer("Basic abc"));
    assertNull(HeaderValues.bearer("Bearer "));
    assertNull(HeaderValues.bearer("Bearer a b"));
  }

  @Test
  void cookie_findsExactNameAndCountsDuplicates() {
    HeaderValues.CookieMatch m = HeaderValues.cookie("x__Host-s=1; __Host-s=\"v\";y=2", "__Host-s");
    assertEquals(1, m.count);
    assertEquals("v", m.value);
    assertEquals(2, HeaderValues.cookie("s=1;s=2", "s").count);
    assertEquals(0, HeaderValues.cookie("S=1", "s").count);
  }
}
