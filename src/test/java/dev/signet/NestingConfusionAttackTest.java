package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.keys.Keyset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack class 7: nested-token and sign/encrypt confusion ({@code cty}, {@code typ}, profile
 * swaps, double encryption, and a token minted by someone who holds only the encryption key).
 */
@Tag("attack")
@Tag("attack-07")
class NestingConfusionAttackTest {
  private final Forge forge = Forge.forge();
  private final TokenVerifier nested = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);

  @Test
  void nestedJwe_withoutCty_isWrongType() {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> h.remove("cty"));
    assertEquals(Rejection.WRONG_TYPE, Forge.rejection(nested.verify(token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "application/json", "JOSE", "JWE", ""})
  void nestedJwe_withAnotherCty_isWrongType(String cty) {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> h.put("cty", cty));
    assertEquals(Rejection.WRONG_TYPE, Forge.rejection(nested.verify(token)));
  }

  @Test
  void sealedToken_givenToASignedAndSealedVerifier_isRejected() {
    // Whoever holds the encryption key can mint SEALED tokens; a SIGNED_AND_SEALED verifier must not take them.
    assertEquals(Rejection.WRONG_TYPE, Forge.rejection(nested.verify(forge.valid(TokenProfile.SEALED))));
  }

  @Test
  void sealedTokenClaimingCtyJwt_givenToASignedAndSealedVerifier_isMalformed() {
    String token = forge.withRawOuterHeader(TokenProfile.SEALED, forge.jweHeader(TokenProfile.SIGNED_AND_SEALED).toString());
    assertEquals(Rejection.MALFORMED, Forge.rejection(nested.verify(token)));
  }

  @Test
  void signedAndSealedToken_givenToASealedVerifier_isUnsupported() {
    TokenVerifier sealed = Forge.verifier(TokenProfile.SEALED);
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(sealed.verify(forge.valid(TokenProfile.SIGNED_AND_SEALED))));
  }

  @Test
  void jws_whereAJweIsExpected_isUnsupported() {
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(nested.verify(forge.valid(TokenProfile.SIGNED))));
  }

  @Test
  void jwe_whereAJwsIsExpected_isUnsupported() {
    TokenVerifier signed = Forge.verifier(TokenProfile.SIGNED);
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(signed.verify(forge.valid(TokenProfile.SIGNED_AND_SEALED))));
  }

  @Test
  void doublyEncryptedToken_isUnsupported() {
    String twice = forge.sealed(forge.valid(TokenProfile.SIGNED_AND_SEALED));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(nested.verify(twice)));
  }

  @Test
  void innerJws_withAnotherTyp_isWrongType() {
    String token = forge.withInnerHeader(h -> h.put("typ", "JWT"));
    assertEquals(Rejection.WRONG_TYPE, Forge.rejection(nested.verify(token)));
  }

  @Test
  void innerJws_withoutTyp_isWrongType() {
    String token = forge.withInnerHeader(h -> h.remove("typ"));
    assertEquals(Rejection.WRONG_TYPE, Forge.rejection(nested.verify(token)));
  }

  @Test
  void innerJws_withCty_isUnsupported() {
    String token = forge.withInnerHeader(h -> h.put("cty", "JWT"));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(nested.verify(token)));
  }

  @Test
  void tokenMintedByAnEncryptionKeyHolder_withTheRealKidButTheirOwnSigningKey_isBadSignature() {
    // A leaked gateway config: the encryption key and the public signing key, but no private signing key.
    Forge attacker = Forge.with(Keyset.generate(Forge.CLOCK));
    String inner = attacker.jws(forge.jwsHeader().toString(), Forge.utf8(Forge.claims().toString()));
    assertEquals(Rejection.BAD_SIGNATURE, Forge.rejection(nested.verify(forge.sealed(inner))));
  }

  @Test
  void outerJwe_withAnotherTyp_isWrongType() {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> h.put("typ", "JWT"));
    assertEquals(Rejection.WRONG_TYPE, Forge.rejection(nested.verify(token)));
  }
}
