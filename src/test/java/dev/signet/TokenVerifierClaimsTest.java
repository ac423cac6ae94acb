package dev.signet;

import static dev.signet.Forge.NOW_S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claims checks of the default profile, with the default leeway of 60 s and a fixed clock at
 * {@link Forge#NOW}. Each token is otherwise valid and correctly signed and encrypted.
 */
class TokenVerifierClaimsTest {
  private static final long LEEWAY = 60;
  private final Forge forge = Forge.forge();
  private final TokenVerifier verifier = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);

  private Verification verify(ObjectNode claims) {
    return verifier.verify(forge.token(TokenProfile.SIGNED_AND_SEALED, claims.toString()));
  }

  private Verification verifyRaw(String claimsJson) {
    return verifier.verify(forge.token(TokenProfile.SIGNED_AND_SEALED, claimsJson));
  }

  private static ObjectNode with(String name, long value) {
    ObjectNode c = Forge.claims();
    c.put(name, value);
    return c;
  }

  @Test
  void verify_expiredBeyondLeeway_isRejectedAsExpired() {
    assertEquals(Rejection.EXPIRED, Forge.rejection(verify(with("exp", NOW_S - LEEWAY - 1))));
  }

  @Test
  void verify_expPlusLeewayEqualToNow_isRejectedAsExpired() {
    assertEquals(Rejection.EXPIRED, Forge.rejection(verify(with("exp", NOW_S - LEEWAY))));
  }

  @Test
  void verify_expPlusLeewayOneSecondAfterNow_isAccepted() {
    assertTrue(verify(with("exp", NOW_S - LEEWAY + 1)).isAccepted());
  }

  @Test
  void verify_notBeforeBeyondLeeway_isRejectedAsNotYetValid() {
    assertEquals(Rejection.NOT_YET_VALID, Forge.rejection(verify(with("nbf", NOW_S + LEEWAY + 1))));
  }

  @Test
  void verify_notBeforeExactlyAtLeewayEdge_isAccepted() {
    assertTrue(verify(with("nbf", NOW_S + LEEWAY)).isAccepted());
  }

  @Test
  void verify_issuedInTheFutureBeyondLeeway_isRejectedAsNotYetValid() {
    ObjectNode c = with("iat", NOW_S + LEEWAY + 1);
    c.remove("nbf");
    assertEquals(Rejection.NOT_YET_VALID, Forge.rejection(verify(c)));
  }

  @Test
  void verify_issuedExactlyAtLeewayEdgeInTheFuture_isAccepted() {
    ObjectNode c = with("iat", NOW_S + LEEWAY);
    c.remove("nbf");
    assertTrue(verify(c).isAccepted());
  }

  @Test
  void verify_pastHardExpiry_isRejectedAsSessionExpired() {
    ObjectNode c = with("sxp", NOW_S - LEEWAY);
    c.put("exp", NOW_S - LEEWAY);
    assertEquals(Rejection.SESSION_EXPIRED, Forge.rejection(verify(c)));
  }

  @Test
  void verify_hardExpiryOneSecondInsideLeeway_isAccepted() {
    ObjectNode c = with("sxp", NOW_S - LEEWAY + 1);
    c.put("exp", NOW_S - LEEWAY + 1);
    assertTrue(verify(c).isAccepted());
  }

  @Test
  void verify_wrongIssuer_isRejectedAsWrongIssuer() {
    ObjectNode c = Forge.claims();
    c.put("iss", "https://evil.test");
    assertEquals(Rejection.WRONG_ISSUER, Forge.rejection(verify(c)));
  }

  @Test
  void verify_missingIssuer_isRejectedAsWrongIssuer() {
    ObjectNode c = Forge.claims();
    c.remove("iss");
    assertEquals(Rejection.WRONG_ISSUER, Forge.rejection(verify(c)));
  }

  @Test
  void verify_wrongAudience_isRejectedAsWrongAudience() {
    ObjectNode c = Forge.claims();
    c.put("aud", "billing");
    assertEquals(Rejection.WRONG_AUDIENCE, Forge.rejection(verify(c)));
  }

  @Test
  void verify_audienceArrayContainingOurs_isAccepted() {
    ObjectNode c = Forge.claims();
    c.putArray("aud").add("billing").add(Forge.AUD);
    assertTrue(verify(c).isAccepted());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sub", "sid", "jti", "exp", "iat", "sxp", "auth_time"})
  void verify_missingRequiredClaim_isRejectedAsInvalidClaims(String name) {
    ObjectNode c = Forge.claims();
    c.remove(name);
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(c)));
  }

  @Test
  void verify_duplicateTopLevelMember_isRejectedAsMalformed() {
    String json = Forge.claims().toString().replaceFirst("\\{", "{\"sub\":\"mallory\",");
    assertEquals(Rejection.MALFORMED, Forge.rejection(verifyRaw(json)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp", "iat", "nbf", "sxp", "auth_time"})
  void verify_timeAsString_isRejectedAsInvalidClaims(String name) {
    ObjectNode c = Forge.claims();
    c.put(name, String.valueOf(c.get(name).longValue()));
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(c)));
  }

  @Test
  void verify_expAfterHardExpiry_isRejectedAsInvalidClaims() {
    ObjectNode c = Forge.claims();
    c.put("exp", c.get("sxp").longValue() + 1);
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(c)));
  }

  @Test
  void verify_authTimeAfterIssueTimeBeyondLeeway_isRejectedAsInvalidClaims() {
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(with("auth_time", NOW_S - 60 + LEEWAY + 1))));
  }

  @Test
  void verify_authTimeAfterIssueTimeWithinLeeway_isAccepted() {
    assertTrue(verify(with("auth_time", NOW_S - 60 + LEEWAY)).isAccepted());
  }
}
