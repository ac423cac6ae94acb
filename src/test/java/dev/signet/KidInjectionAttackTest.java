package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.Keyset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attack class 4: {@code kid} injection. The {@code kid} is only a key into an in-memory map of
 * the keyset; path traversal, SQL, huge, empty, control-character, look-alike and non-string
 * values all end in {@link Rejection#UNKNOWN_KEY} or {@link Rejection#MALFORMED}.
 */
@Tag("attack")
@Tag("attack-04")
class KidInjectionAttackTest {
  private static final Forge FORGE = Forge.forge();
  private static final Set<Rejection> REFUSALS = EnumSet.of(Rejection.UNKNOWN_KEY, Rejection.MALFORMED);

  static Stream<Arguments> hostileKids() {
    String realKid = FORGE.encKid;
    List<Arguments> out = new ArrayList<>();
    for (String kid : new String[] {"../../dev/null", "/dev/null", "' OR '1'='1", "\"; DROP TABLE keys; --", "",
        "k".repeat(10_000), "\u0000", realKid + "\u0000", realKid.replace('e', '\u0435'), realKid.toUpperCase(),
        " " + realKid, "${jndi:ldap://127.0.0.1:1/a}", "|curl 127.0.0.1:1"}) {
      out.add(Arguments.of(label(kid), JsonNodeFactory.instance.textNode(kid)));
    }
    out.add(Arguments.of("number", JsonNodeFactory.instance.numberNode(1)));
    out.add(Arguments.of("object", JsonNodeFactory.instance.objectNode().put("kid", realKid)));
    out.add(Arguments.of("array", JsonNodeFactory.instance.arrayNode().add(realKid)));
    out.add(Arguments.of("null", JsonNodeFactory.instance.nullNode()));
    return out.stream();
  }

  private static String label(String kid) {
    if (kid.length() > 40) {
      return kid.length() + " chars";
    }
    StringBuilder sb = new StringBuilder("\"");
    kid.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
    return sb.append('"').toString();
  }

  private static TokenVerifier largeLimit(TokenProfile p) {
    return Forge.verifierBuilder(p).maxTokenSize(65536).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileKids")
  void jweKid_hostileValue_isUnknownKeyOrMalformed(String name, com.fasterxml.jackson.databind.JsonNode kid) {
    String token = FORGE.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> h.set("kid", kid));
    Rejection r = Forge.rejection(largeLimit(TokenProfile.SIGNED_AND_SEALED).verify(token));
    assertTrue(REFUSALS.contains(r), r::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileKids")
  void innerJwsKid_hostileValue_isUnknownKeyOrMalformed(String name, com.fasterxml.jackson.databind.JsonNode kid) {
    String token = FORGE.withInnerHeader(h -> h.set("kid", kid));
    Rejection r = Forge.rejection(largeLimit(TokenProfile.SIGNED_AND_SEALED).verify(token));
    assertTrue(REFUSALS.contains(r), r::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileKids")
  void signedKid_hostileValue_isUnknownKeyOrMalformed(String name, com.fasterxml.jackson.databind.JsonNode kid) {
    String token = FORGE.withOuterHeader(TokenProfile.SIGNED, h -> h.set("kid", kid));
    Rejection r = Forge.rejection(largeLimit(TokenProfile.SIGNED).verify(token));
    assertTrue(REFUSALS.contains(r), r::toString);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(TokenProfile.class)
  void tokenOfAnotherKeyset_isUnknownKey(TokenProfile profile) {
    Forge other = Forge.with(Keyset.generate(Forge.CLOCK));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(profile).verify(other.valid(profile))));
  }

  @Test
  void innerJwsKid_unknown_isUnknownKey() {
    String token = FORGE.withInnerHeader(h -> h.put("kid", "sig-unknown"));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(token)));
  }

  @Test
  void jweKid_missing_isUnknownKey() {
    String token = FORGE.withOuterHeader(TokenProfile.SEALED, h -> h.remove("kid"));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(TokenProfile.SEALED).verify(token)));
  }

  @Test
  void jwsKid_missing_isUnknownKey() {
    String token = FORGE.withOuterHeader(TokenProfile.SIGNED, h -> h.remove("kid"));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(token)));
  }

  @Test
  void jweKid_namingTheSigningKey_isUnknownKey() {
    String token = FORGE.withOuterHeader(TokenProfile.SEALED, h -> h.put("kid", FORGE.sigKid));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(TokenProfile.SEALED).verify(token)));
  }

  @Test
  void jwsKid_namingTheEncryptionKey_isUnknownKey() {
    String token = FORGE.withOuterHeader(TokenProfile.SIGNED, h -> h.put("kid", FORGE.encKid));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(token)));
  }

  @Test
  void keyset_duplicateKid_isRefused() {
    List<KeyEntry> entries = new ArrayList<>(Forge.KEYS.entries());
    entries.add(entries.get(1));
    assertThrows(IllegalArgumentException.class, () -> Keyset.of(entries));
  }
}
