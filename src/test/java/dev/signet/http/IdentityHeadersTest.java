package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityHeadersTest {
  @Test
  void encode_leavesPlainAsciiAlone() {
    assertEquals("alice@example.com", IdentityHeaders.encode("alice@example.com", false));
  }

  @Test
  void encode_percentEncodesCrLfSpacePercentAndNonAscii() {
    assertEquals("a%0D%0AX-Signet-Subject:%20root", IdentityHeaders.encode("a\r\nX-Signet-Subject: root", false));
    assertEquals("100%25", IdentityHeaders.encode("100%", false));
    assertEquals("J%C3%BCrgen", IdentityHeaders.encode("Jürgen", false));
  }

  @Test
  void roles_areJoinedByCommasWithCommasInsideEncoded() {
    assertEquals("a%2Cb,c", IdentityHeaders.roles(List.of("a,b", "c")));
    assertEquals("", IdentityHeaders.roles(List.of()));
  }
}
