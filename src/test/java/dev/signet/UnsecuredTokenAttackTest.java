package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attack class 1: an unsigned ({@code alg: none}) token, or a signed token with its signature removed. */
@Tag("attack")
@Tag("attack-01")
class UnsecuredTokenAttackTest {
  private final Forge forge = Forge.forge();

  private static String unsigned(String alg, Forge forge) {
    ObjectNode h = forge.jwsHeader();
    h.put("alg", alg);
    return Forge.b64(h.toString()) + "." + Forge.b64(Forge.claims().toString()) + ".";
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void signedProfile_algNoneInAnyCase_isUnsupported(String alg) {
    Verification v = Forge.verifier(TokenProfile.SIGNED).verify(unsigned(alg, forge));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void signedAndSealed_unsignedInnerTokenEncryptedWithTheRealKey_isUnsupported(String alg) {
    Verification v = Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(forge.sealed(unsigned(alg, forge)));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(v));
  }

  @Test
  void signedProfile_signatureSegmentEmptied_isBadSignature() {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED));
    Verification v = Forge.verifier(TokenProfile.SIGNED).verify(s[0] + "." + s[1] + ".");
    assertEquals(Rejection.BAD_SIGNATURE, Forge.rejection(v));
  }

  @Test
  void signedProfile_signatureSegmentAndDotRemoved_isMalformed() {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED));
    Verification v = Forge.verifier(TokenProfile.SIGNED).verify(s[0] + "." + s[1]);
    assertEquals(Rejection.MALFORMED, Forge.rejection(v));
  }

  @Test
  void signedAndSealed_innerSignatureEmptied_isBadSignature() {
    String[] s = Forge.segments(forge.jws(forge.jwsHeader().toString(), Forge.utf8(Forge.claims().toString())));
    Verification v = Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(forge.sealed(s[0] + "." + s[1] + "."));
    assertEquals(Rejection.BAD_SIGNATURE, Forge.rejection(v));
  }

  @Test
  void signedAndSealed_innerClaimsWithoutAnyJws_isMalformed() {
    // A SEALED-style payload (bare claims) inside a JWE that says cty=JWT.
    Verification v = Forge.verifier(TokenProfile.SIGNED_AND_SEALED)
        .verify(forge.sealed(Forge.claims().toString()));
    assertEquals(Rejection.MALFORMED, Forge.rejection(v));
  }
}
