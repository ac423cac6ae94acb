package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The issuer refuses, when it mints, a token the default session cookie could not carry. */
class TokenIssuerSizeTest {
  @Test
  void start_tokenTooLargeForTheDefaultCookie_isRefusedAtIssueTimeNamingTheBudget() {
    Lifecycle l = new Lifecycle();
    NewSession big = NewSession.forSubject("alice").withAttributes(Map.of("blob", "x".repeat(3500)));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.sessions.start(big));

    assertTrue(e.getMessage().contains("size limit of 4021"), e.getMessage());
    assertTrue(e.getMessage().contains("4096 bytes of Set-Cookie"), e.getMessage());
    assertTrue(e.getMessage().contains("maxTokenSize"), e.getMessage());
  }

  @Test
  void renew_withAttributesThatNoLongerFit_isRefusedAtIssueTime() {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    assertThrows(IllegalStateException.class,
        () -> l.issuer.renew(s, d -> d.withAttributes(Map.of("blob", "x".repeat(3500)))));
  }

  @Test
  void maxTokenSize_raisedForBearerTokens_mintsThem() {
    Lifecycle l = new Lifecycle(i -> i.maxTokenSize(8192), v -> {}, m -> {});
    IssuedToken t = l.sessions.start(NewSession.forSubject("alice").withAttributes(Map.of("blob", "x".repeat(3500))))
        .token();
    assertTrue(t.token().length() > TokenIssuer.DEFAULT_MAX_TOKEN_SIZE);
    assertEquals(8192, l.issuer.maxTokenSize());
    assertTrue(l.sessions.verify(t.token()).isAccepted());
  }
}
