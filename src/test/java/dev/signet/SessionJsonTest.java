package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.Keyset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionJsonTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30.123Z"), ZoneOffset.UTC);
  private static final Keyset KEYS = Keyset.generate(CLOCK);

  @Test
  void toJson_isExactlyTheClaimsTheIssuerSigned() throws Exception {
    TokenIssuer issuer = TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api")
        .profile(TokenProfile.SIGNED).clock(CLOCK).build();
    IssuedToken t = issuer.start(NewSession.forSubject("alice").withRoles("user").withAttributes(Map.of("plan", "pro")));

    byte[] payload = Base64.getUrlDecoder().decode(t.token().split("\\.")[1]);

    assertEquals(new String(payload, StandardCharsets.UTF_8), t.session().toJson());
  }

  @Test
  void attributesJson_isTheAttributesObjectAsText() throws Exception {
    TokenIssuer issuer = TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").clock(CLOCK).build();
    Session s = issuer.start(NewSession.forSubject("alice").withAttributes(Map.of("plan", "pro"))).session();

    JsonNode attrs = Json.MAPPER.readTree(s.attributesJson().orElseThrow());

    assertEquals("pro", attrs.get("plan").asText());
  }
}
