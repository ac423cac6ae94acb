package dev.signet;

import static dev.signet.Forge.NOW_S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack class 19: numeric edge cases of {@code exp}, {@code nbf}, {@code iat}, {@code sxp} and
 * {@code auth_time}. Times are whole seconds in [0, 253402300799]; everything else is
 * INVALID_CLAIMS (or MALFORMED when it is not JSON at all), and the time arithmetic is done in
 * range-checked {@code long} milliseconds, so no value overflows into the past.
 *
 * <p>Boundaries: a token is expired when {@code now >= exp + leeway} (equality is expired), not
 * yet valid when {@code nbf > now + leeway} or {@code iat > now + leeway}.
 */
@Tag("attack")
@Tag("attack-19")
class TimeClaimsAttackTest {
  private final Forge forge = Forge.forge();

  private Verification verify(String claimsJson, Duration leeway) {
    TokenVerifier v = Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED).leeway(leeway).build();
    return v.verify(forge.token(TokenProfile.SIGNED_AND_SEALED, claimsJson));
  }

  private Verification verify(ObjectNode claims) {
    return verify(claims.toString(), Duration.ofSeconds(60));
  }

  /** The valid claims with one member's value replaced by raw JSON text. */
  private static String withRaw(String name, String rawValue) {
    ObjectNode c = Forge.claims();
    c.put(name, "@@");
    return c.toString().replace("\"@@\"", rawValue);
  }

  private static ObjectNode with(String name, long value) {
    ObjectNode c = Forge.claims();
    c.put(name, value);
    return c;
  }

  @Test
  void expEqualToNow_withoutLeeway_isExpired() {
    assertEquals(Rejection.EXPIRED, Forge.rejection(verify(with("exp", NOW_S).toString(), Duration.ZERO)));
  }

  @Test
  void expOneSecondAfterNow_withoutLeeway_isAccepted() {
    assertTrue(verify(with("exp", NOW_S + 1).toString(), Duration.ZERO).isAccepted());
  }

  @Test
  void expEqualToNowMinusLeeway_isExpired() {
    assertEquals(Rejection.EXPIRED, Forge.rejection(verify(with("exp", NOW_S - 60))));
  }

  @Test
  void nbfEqualToNow_withoutLeeway_isAccepted() {
    assertTrue(verify(with("nbf", NOW_S).toString(), Duration.ZERO).isAccepted());
  }

  @Test
  void nbfOneSecondPastTheLeeway_isNotYetValid() {
    assertEquals(Rejection.NOT_YET_VALID, Forge.rejection(verify(with("nbf", NOW_S + 61))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp", "nbf", "iat", "sxp", "auth_time"})
  void nbfOrExpOfLongMaxValue_isInvalidClaims(String name) {
    // nimbus's claims verifier multiplies by 1000 and accepts nbf = Long.MAX_VALUE (it overflows to 1969).
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(withRaw(name, "9223372036854775807"), Duration.ofSeconds(60))));
  }

  @ParameterizedTest
  @CsvSource({
      "exp, '\"1700000000\"'", "exp, 1e400", "exp, 1e30", "exp, -1", "exp, true", "exp, null", "exp, 1.5",
      "exp, 1.0", "exp, 9223372036854775", "exp, 9223372036854775808", "exp, 253402300800", "exp, []", "exp, {}",
      "nbf, -1", "nbf, 1e30", "nbf, '\"0\"'", "nbf, 9223372036854775", "nbf, 253402300800", "nbf, null",
      "iat, -1", "iat, 1.5", "iat, 253402300800", "sxp, 1e30", "sxp, 253402300800", "auth_time, -5",
      "auth_time, 1e3", "iat_ms, 1.5", "iat_ms, '\"1\"'", "sst_ms, 1.5", "sst_ms, '\"1\"'", "sst_ms, -1",
      "sst_ms, 9223372036854775808", "sst_ms, null"})
  void timeOfTheWrongTypeOrRange_isInvalidClaims(String name, String raw) {
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(withRaw(name, raw), Duration.ofSeconds(60))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+1", "0x10", "01", ".5"})
  void timeThatIsNotJson_isMalformed(String raw) {
    assertEquals(Rejection.MALFORMED, Forge.rejection(verify(withRaw("exp", raw), Duration.ofSeconds(60))));
  }

  @Test
  void expAndSxpAtTheEndOfYear9999_areAccepted() {
    ObjectNode c = with("exp", 253_402_300_799L);
    c.put("sxp", 253_402_300_799L);
    assertTrue(verify(c.toString(), TokenVerifier.MAX_LEEWAY).isAccepted());
  }

  @Test
  void missingExp_isInvalidClaims() {
    ObjectNode c = Forge.claims();
    c.remove("exp");
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(c)));
  }

  @Test
  void expAfterSxp_isInvalidClaims() {
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(with("exp", NOW_S + 12 * 3600 + 1))));
  }

  @Test
  void iatOneSecondPastTheLeeway_isNotYetValid() {
    ObjectNode c = with("iat", NOW_S + 61);
    c.remove("nbf");
    c.put("auth_time", NOW_S + 61);
    assertEquals(Rejection.NOT_YET_VALID, Forge.rejection(verify(c)));
  }

  @Test
  void iatMsNotMatchingIat_isInvalidClaims() {
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(with("iat_ms", (NOW_S - 59) * 1000))));
  }

  @Test
  void sessionStartAfterTheIssueTime_isInvalidClaims() {
    ObjectNode c = with("iat_ms", (NOW_S - 60) * 1000 + 5);
    c.put("sst_ms", (NOW_S - 60) * 1000 + 6);
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(c)));
  }

  @Test
  void sessionStartAtOrBeforeTheIssueTime_isAcceptedAndRead() {
    ObjectNode c = with("iat_ms", (NOW_S - 60) * 1000 + 5);
    c.put("sst_ms", (NOW_S - 60) * 1000 + 5);
    assertEquals((NOW_S - 60) * 1000 + 5, verify(c).session().orElseThrow().startedAt().toEpochMilli());
    c.put("sst_ms", 0);
    assertEquals(0, verify(c).session().orElseThrow().startedAt().toEpochMilli());
  }

  @Test
  void authTimeAfterIatBeyondTheLeeway_isInvalidClaims() {
    assertEquals(Rejection.INVALID_CLAIMS, Forge.rejection(verify(with("auth_time", NOW_S + 1))));
  }

  @Test
  void authTimeAfterIatWithinTheLeeway_isAccepted() {
    assertTrue(verify(with("auth_time", NOW_S)).isAccepted());
  }

  @Test
  void issuerNeverMintsExpAfterSxp() {
    TokenIssuer issuer = TokenIssuer.builder(Forge.KEYS).issuer(Forge.ISS).audience(Forge.AUD).clock(Forge.CLOCK)
        .idleTimeout(Duration.ofHours(1)).absoluteTimeout(Duration.ofHours(1)).build();
    Session s = issuer.start(NewSession.forSubject("alice")).session();
    TokenIssuer later = TokenIssuer.builder(Forge.KEYS).issuer(Forge.ISS).audience(Forge.AUD)
        .clock(java.time.Clock.fixed(Forge.NOW.plusSeconds(3000), java.time.ZoneOffset.UTC))
        .idleTimeout(Duration.ofHours(1)).absoluteTimeout(Duration.ofHours(1)).build();
    Session renewed = later.renew(s).session();
    assertEquals(s.hardExpiresAt(), renewed.expiresAt());
  }
}
