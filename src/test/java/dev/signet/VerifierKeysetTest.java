package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.Keyset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A keyset without private signing keys verifies every profile, and cannot mint signed tokens. */
class VerifierKeysetTest {
  private static final Keyset VERIFIER_ONLY = Forge.KEYS.verifierOnly();

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void verifierBuiltFromVerifierOnlyKeyset_acceptsTokensOfTheFullKeyset(TokenProfile profile) {
    IssuedToken t = Forge.issuer(profile).start(NewSession.forSubject("carol"));
    TokenVerifier v = TokenVerifier.builder(VERIFIER_ONLY).issuer(Forge.ISS).audience(Forge.AUD)
        .profile(profile).clock(Forge.CLOCK).build();

    Verification r = v.verify(t.token());

    assertTrue(r.isAccepted(), r::toString);
    assertEquals(t.session(), r.session().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(value = TokenProfile.class, names = {"SIGNED", "SIGNED_AND_SEALED"})
  void issuerBuiltFromVerifierOnlyKeyset_isRefusedForSignedProfiles(TokenProfile profile) {
    TokenIssuer.Builder b = TokenIssuer.builder(VERIFIER_ONLY).issuer(Forge.ISS).audience(Forge.AUD).profile(profile);

    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);

    assertTrue(e.getMessage().contains("no private signing key"), e.getMessage());
  }
}
