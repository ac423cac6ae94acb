package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenProfile;
import dev.signet.keys.Keyset;
import org.junit.jupiter.api.Test;

class InspectCommandTest {
  private static final Keyset KEYS = Keyset.generate();

  private static String token(TokenProfile profile) {
    return TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").profile(profile).build()
        .start(NewSession.forSubject("alice").withRoles("user")).token();
  }

  @Test
  void sealedToken_showsOnlyTheHeaderLabelledUnverified() {
    CliRun r = CliRun.run("inspect", token(TokenProfile.SIGNED_AND_SEALED));
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.startsWith("UNVERIFIED"), r::toString);
    assertTrue(r.out.contains("\"enc\":\"A256GCM\""), r::toString);
    assertFalse(r.out.contains("alice"), r::toString);
  }

  @Test
  void signedToken_showsHeaderAndClaimsLabelledUnverified() {
    CliRun r = CliRun.run("inspect", token(TokenProfile.SIGNED));
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.startsWith("UNVERIFIED"), r::toString);
    assertTrue(r.out.contains("\"sub\" : \"alice\""), r::toString);
  }

  @Test
  void json_saysVerifiedFalse() {
    CliRun r = CliRun.run("inspect", "--json", token(TokenProfile.SIGNED));
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.startsWith("{\"verified\":false,\"format\":\"JWS\""), r::toString);
  }

  @Test
  void dash_readsTheTokenFromStandardInput() {
    CliRun r = CliRun.runWithInput(token(TokenProfile.SIGNED) + "\n", "inspect", "-");
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.contains("alice"), r::toString);
  }

  @Test
  void malformedToken_exits1WithOneLine() {
    CliRun r = CliRun.run("inspect", "not-a-token");
    assertEquals(ExitCodes.REJECTED, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("malformed token"), r::toString);
  }
}
