package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack class 25: JSON serialization and unprotected headers. Signet reads only the compact
 * serialization; the flattened and general JSON serializations (where unprotected headers
 * live) and anything around the compact token are MALFORMED.
 */
@Tag("attack")
@Tag("attack-25")
class SerializationAttackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Forge forge = Forge.forge();

  private static Rejection verify(TokenProfile p, String token) {
    return Forge.rejection(Forge.verifier(p).verify(token));
  }

  @Test
  void flattenedJsonJwsOfAValidToken_isMalformed() {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED));
    ObjectNode o = JSON.createObjectNode();
    o.put("protected", s[0]);
    o.put("payload", s[1]);
    o.put("signature", s[2]);
    o.putObject("header").put("kid", forge.sigKid);
    assertEquals(Rejection.MALFORMED, verify(TokenProfile.SIGNED, o.toString()));
  }

  @Test
  void generalJsonJwsOfAValidToken_isMalformed() {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED));
    ObjectNode o = JSON.createObjectNode();
    o.put("payload", s[1]);
    ObjectNode sig = o.putArray("signatures").addObject();
    sig.put("protected", s[0]);
    sig.put("signature", s[2]);
    assertEquals(Rejection.MALFORMED, verify(TokenProfile.SIGNED, o.toString()));
  }

  @Test
  void flattenedJsonJweWithAnUnprotectedHeader_isMalformed() {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED_AND_SEALED));
    ObjectNode o = JSON.createObjectNode();
    o.put("protected", s[0]);
    o.putObject("unprotected").put("zip", "DEF");
    o.put("encrypted_key", s[1]);
    o.put("iv", s[2]);
    o.put("ciphertext", s[3]);
    o.put("tag", s[4]);
    assertEquals(Rejection.MALFORMED, verify(TokenProfile.SIGNED_AND_SEALED, o.toString()));
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void tokenWithoutDots_isMalformed(TokenProfile p) {
    assertEquals(Rejection.MALFORMED, verify(p, forge.valid(p).replace(".", "")));
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void tokenWithSurroundingText_isMalformed(TokenProfile p) {
    String token = forge.valid(p);
    for (String t : new String[] {" " + token, token + " ", token + "\n", "Bearer " + token, "\"" + token + "\"",
        token + ";", "\ufeff" + token}) {
      assertEquals(Rejection.MALFORMED, verify(p, t), t.substring(0, 3));
    }
  }
}
