package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack class 24: issuer, audience and type confusion. {@code iss} is compared exactly and
 * case-sensitively; {@code aud} is a string or a non-empty array of strings that contains the
 * verifier's audience; {@code typ} is a string equal to the configured type.
 */
@Tag("attack")
@Tag("attack-24")
class IssuerAudienceTypeAttackTest {
  private final Forge forge = Forge.forge();

  private Rejection verifyRaw(String member, String raw) {
    ObjectNode c = Forge.claims();
    c.put(member, "@@");
    String json = c.toString().replace("\"@@\"", raw);
    return Forge.rejection(Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(forge.token(TokenProfile.SIGNED_AND_SEALED, json)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"https://login.test \"", "\" https://login.test\"", "\"HTTPS://LOGIN.TEST\"",
      "\"https://login.test/\"", "\"https://login.test\\u0000\"", "[\"https://login.test\"]", "null", "1",
      "{\"iss\":\"https://login.test\"}", "\"\""})
  void issuerNotExactlyTheConfiguredString_isWrongIssuer(String raw) {
    assertEquals(Rejection.WRONG_ISSUER, verifyRaw("iss", raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[\"api\",123]", "[null]", "\"API\"", "\"api \"", "null", "123", "{\"aud\":\"api\"}",
      "[[\"api\"]]", "\"\""})
  void audienceMalformedOrNotContainingOurs_isWrongAudience(String raw) {
    assertEquals(Rejection.WRONG_AUDIENCE, verifyRaw("aud", raw));
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void nonStringTyp_isMalformed(TokenProfile profile) {
    String token = forge.withOuterHeader(profile, h -> h.put("typ", 1));
    assertEquals(Rejection.MALFORMED, Forge.rejection(Forge.verifier(profile).verify(token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "at+jwt", "signet+jwt ", "signet", "application/jwt", ""})
  void anotherTyp_isWrongType(String typ) {
    for (TokenProfile p : TokenProfile.values()) {
      String token = forge.withOuterHeader(p, h -> h.put("typ", typ));
      assertEquals(Rejection.WRONG_TYPE, Forge.rejection(Forge.verifier(p).verify(token)), p.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void missingTyp_isWrongType(TokenProfile profile) {
    String token = forge.withOuterHeader(profile, h -> h.remove("typ"));
    assertEquals(Rejection.WRONG_TYPE, Forge.rejection(Forge.verifier(profile).verify(token)));
  }

  @Test
  void typWithMediaTypePrefixAndOtherCase_isAccepted() {
    // RFC 7515 §4.1.9: "application/" may be omitted, and media types compare case-insensitively.
    String token = forge.withOuterHeader(TokenProfile.SIGNED, h -> h.put("typ", "application/Signet+JWT"));
    assertEquals(true, Forge.verifier(TokenProfile.SIGNED).verify(token).isAccepted());
  }
}
