package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Garbage in gives a rejection out, never an exception; the size limit comes before any parsing. */
class TokenVerifierGarbageTest {
  private final TokenVerifier verifier = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);

  private Rejection reject(String token) {
    return Forge.rejection(verifier.verify(token));
  }

  @Test
  void verify_emptyString_isMalformed() {
    assertEquals(Rejection.MALFORMED, reject(""));
  }

  @Test
  void verify_null_isMalformed() {
    assertEquals(Rejection.MALFORMED, reject(null));
  }

  @Test
  void verify_oneMegabyteString_isTooLarge() {
    assertEquals(Rejection.TOO_LARGE, reject("a".repeat(1 << 20)));
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void verify_randomBytes_areRejected(TokenProfile profile) {
    TokenVerifier v = Forge.verifier(profile);
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[random.nextInt(600)];
      random.nextBytes(b);
      Verification r = v.verify(new String(b, StandardCharsets.ISO_8859_1));
      assertFalse(r.isAccepted());
    }
  }

  @Test
  void verify_fiveDots_isMalformed() {
    assertEquals(Rejection.MALFORMED, reject("....."));
  }

  @Test
  void verify_fourDotsOnly_isMalformed() {
    assertEquals(Rejection.MALFORMED, reject("...."));
  }

  @Test
  void verify_invalidBase64Url_isMalformed() {
    String[] s = Forge.segments(Forge.forge().valid(TokenProfile.SIGNED_AND_SEALED));
    s[0] = s[0].substring(0, 8) + "*" + s[0].substring(9);
    assertEquals(Rejection.MALFORMED, reject(Forge.join(s)));
  }

  @Test
  void verify_base64UrlOfNonJsonHeader_isMalformed() {
    String[] s = Forge.segments(Forge.forge().valid(TokenProfile.SIGNED_AND_SEALED));
    s[0] = Forge.b64("this is not json");
    assertEquals(Rejection.MALFORMED, reject(Forge.join(s)));
  }

  @Test
  void verify_base64UrlOfNonJsonClaims_isMalformed() {
    Forge f = Forge.forge();
    String token = f.token(TokenProfile.SIGNED_AND_SEALED, f.jwsHeader().toString(),
        f.jweHeader(TokenProfile.SIGNED_AND_SEALED).toString(), Forge.utf8("<xml/>"));
    assertEquals(Rejection.MALFORMED, reject(token));
  }

  @Test
  void verify_deeplyNestedHeader_isMalformed() {
    String deep = "{\"alg\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    String[] s = Forge.segments(Forge.forge().valid(TokenProfile.SIGNED_AND_SEALED));
    s[0] = Forge.b64(deep);
    TokenVerifier big = Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED).maxTokenSize(65536).build();
    String token = Forge.join(s);
    // The limit itself stops a header this large; a verifier with the largest limit parses less of it.
    assertEquals(Rejection.TOO_LARGE, Forge.rejection(big.verify(token)));
    String shallow = "{\"alg\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    s[0] = Forge.b64(shallow);
    assertEquals(Rejection.MALFORMED, Forge.rejection(big.verify(Forge.join(s))));
  }

  @Test
  void verify_deeplyNestedClaims_isMalformed() {
    String deep = "{\"attrs\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
    assertEquals(Rejection.MALFORMED,
        reject(Forge.forge().token(TokenProfile.SIGNED_AND_SEALED, deep)));
  }

  @Test
  void verify_tokenOneCharacterOverTheLimit_isTooLargeRatherThanMalformed() {
    // Padded with a character that is not base64url: any parsing would report MALFORMED.
    String token = Forge.forge().valid(TokenProfile.SIGNED_AND_SEALED);
    String oversized = token + "!".repeat(8192 + 1 - token.length());

    assertEquals(Rejection.TOO_LARGE, reject(oversized));
  }

  @Test
  void verify_tokenAtTheLimit_isNotTooLarge() {
    String token = Forge.forge().valid(TokenProfile.SIGNED_AND_SEALED);
    String padded = token + "A".repeat(8192 - token.length());
    Rejection r = reject(padded);
    assertFalse(r == Rejection.TOO_LARGE, r::toString);
  }
}
