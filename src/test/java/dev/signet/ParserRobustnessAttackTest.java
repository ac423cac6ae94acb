package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack class 26: parser robustness. Header members of the wrong JSON type, headers and claims
 * that are not objects, and systematic mutations of valid tokens (every truncation, byte flips,
 * segment swaps) always give a rejection: never an exception, never an acceptance, and quickly.
 *
 * <p>A member outside the allow-list is UNSUPPORTED whatever its value ({@code {"crit":null}},
 * {@code {"jwk":null}}, {@code {"zip":null}}); a member Signet knows with a non-string value
 * ({@code {"alg":null}}, {@code {"typ":null}}, {@code {"enc":5}}) is MALFORMED.
 */
@Tag("attack")
@Tag("attack-26")
class ParserRobustnessAttackTest {
  private final Forge forge = Forge.forge();

  @ParameterizedTest
  @CsvSource({"alg, null", "typ, null", "enc, 5", "kid, null", "cty, null", "alg, 1", "enc, '[\"A256GCM\"]'",
      "alg, '{}'", "typ, true"})
  void knownHeaderMemberOfTheWrongType_isMalformed(String name, String raw) {
    String h = forge.jweHeader(TokenProfile.SIGNED_AND_SEALED).put(name, "@@").toString().replace("\"@@\"", raw);
    String token = forge.withRawOuterHeader(TokenProfile.SIGNED_AND_SEALED, h);
    assertEquals(Rejection.MALFORMED, Forge.rejection(Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"crit", "jwk", "zip", "jku", "x5u", "x5c", "b64", "p2c", "epk"})
  void unknownHeaderMemberWithNull_isUnsupported(String name) {
    for (TokenProfile p : TokenProfile.values()) {
      String token = forge.withOuterHeader(p, h -> h.putNull(name));
      assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(p).verify(token)), p + " " + name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "null", "\"alg\"", "1", "", " ", "{}", "{\"alg\":\"A256KW\"}}", "{\"alg\":\"A256KW\",}",
      "{'alg':'A256KW'}", "{\"alg\":\"A256KW\"/*c*/}"})
  void headerThatIsNotAStrictJsonObject_isMalformed(String header) {
    for (TokenProfile p : TokenProfile.values()) {
      String token = forge.withRawOuterHeader(p, header);
      assertEquals(Rejection.MALFORMED, Forge.rejection(Forge.verifier(p).verify(token)), p + " " + header);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "null", "\"claims\"", "1", "", "{\"sub\":\"a\"} {}", "[{\"sub\":\"a\"}]"})
  void claimsThatAreNotAJsonObject_areMalformed(String claims) {
    for (TokenProfile p : TokenProfile.values()) {
      assertEquals(Rejection.MALFORMED, Forge.rejection(Forge.verifier(p).verify(forge.token(p, claims))), p + " " + claims);
    }
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void everyTruncationOfAValidToken_isRejected(TokenProfile p) {
    String token = forge.valid(p);
    TokenVerifier v = Forge.verifier(p);
    for (int i = 0; i < token.length(); i++) {
      assertFalse(v.verify(token.substring(0, i)).isAccepted(), "prefix " + i);
      assertFalse(v.verify(token.substring(i + 1)).isAccepted(), "suffix " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void randomCharacterChangesOfAValidToken_areRejectedQuickly(TokenProfile p) {
    String token = forge.valid(p);
    TokenVerifier v = Forge.verifier(p);
    randomChanges(p, token, v);
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void randomCharacterChangesOfACachedToken_areRejectedByACachingVerifier(TokenProfile p) {
    String token = forge.valid(p);
    TokenVerifier v = Forge.verifierBuilder(p).cacheVerifiedTokens(1024, java.time.Duration.ofMinutes(1)).build();
    assertTrue(v.verify(token).isAccepted());
    randomChanges(p, token, v);
  }

  private static void randomChanges(TokenProfile p, String token, TokenVerifier v) {
    Random random = new Random(p.ordinal());
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}\"\\\u0000\u00ff\ud800";
    long worst = 0;
    for (int n = 0; n < 3000; n++) {
      StringBuilder sb = new StringBuilder(token);
      int changes = 1 + random.nextInt(3);
      for (int c = 0; c < changes; c++) {
        int at = random.nextInt(sb.length());
        char ch = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0:
            sb.setCharAt(at, ch);
            break;
          case 1:
            sb.insert(at, ch);
            break;
          default:
            sb.deleteCharAt(at);
        }
      }
      String mutated = sb.toString();
      if (mutated.equals(token)) {
        continue;
      }
      long start = System.nanoTime();
      Verification r = v.verify(mutated);
      worst = Math.max(worst, System.nanoTime() - start);
      assertFalse(r.isAccepted(), mutated);
    }
    assertTrue(worst < 1_000_000_000L, "slowest rejection " + worst + " ns");
  }

  @ParameterizedTest
  @EnumSource(value = TokenProfile.class, names = {"SIGNED_AND_SEALED", "SEALED"})
  void segmentsSwappedBetweenTwoValidTokens_areRejected(TokenProfile p) {
    String[] a = Forge.segments(forge.valid(p));
    String[] b = Forge.segments(forge.valid(p));
    TokenVerifier v = Forge.verifier(p);
    for (int i = 0; i < a.length; i++) {
      if (i == 0) {
        continue; // identical headers
      }
      String[] mixed = a.clone();
      mixed[i] = b[i];
      assertFalse(v.verify(Forge.join(mixed)).isAccepted(), "segment " + i);
    }
  }

  @Test
  void twentyThousandCharacterHeader_isTooLargeOrRefusedQuickly() {
    String h = "{\"alg\":\"A256KW\",\"x\":\"" + "a".repeat(20_000) + "\"}";
    String token = Forge.b64(h) + ".AA.AA.AA.AA";
    TokenVerifier large = Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED).maxTokenSize(65536).build();
    assertEquals(Rejection.TOO_LARGE, Forge.rejection(Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(token)));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(large.verify(token)));
    long median = Budget.medianNanos(() -> large.verify(token), 51);
    assertTrue(median < 5_000_000, median + " ns");
  }
}
