package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.internal.Base64Url;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session and token ids: 128 bits from {@code SecureRandom}, base64url, never repeated. */
class TokenIssuerIdsTest {
  private final TokenIssuer issuer = Forge.issuer(TokenProfile.SEALED);

  @Test
  void newId_hundredThousandDraws_areDistinct128BitValues() {
    Set<String> seen = new HashSet<>(200_000);
    for (int i = 0; i < 100_000; i++) {
      String id = issuer.newId();
      assertEquals(22, id.length());
      byte[] raw = Base64Url.decode(id);
      assertEquals(16, raw == null ? -1 : raw.length, "canonical base64url of 16 bytes");
      seen.add(id);
    }
    assertEquals(100_000, seen.size());
  }

  @Test
  void start_givesSessionAndTokenIdsOf128Bits() {
    Session s = issuer.start(NewSession.forSubject("alice")).session();
    assertEquals(16, Base64Url.decode(s.sessionId()).length);
    assertEquals(16, Base64Url.decode(s.tokenId()).length);
    assertNotEquals(s.sessionId(), s.tokenId());
  }

  @Test
  void renew_keepsTheSessionIdAndDrawsANewTokenId() {
    Session first = issuer.start(NewSession.forSubject("alice")).session();
    Session renewed = issuer.renew(first).session();
    assertEquals(first.sessionId(), renewed.sessionId());
    assertNotEquals(first.tokenId(), renewed.tokenId());
  }

  @Test
  void start_withAuthTimeInTheFuture_isRefused() {
    NewSession future = NewSession.forSubject("alice").withAuthTime(Forge.NOW.plusSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> issuer.start(future));
  }
}
