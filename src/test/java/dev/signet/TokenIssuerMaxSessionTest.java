package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.Keyset;
import dev.signet.keys.Rotation;
import dev.signet.keys.RotationPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The keyset records the longest session it serves: an issuer over it refuses a longer absolute
 * timeout, and rotation keeps every retired key until the longest session it signed is over.
 */
class TokenIssuerMaxSessionTest {
  private static final String ISS = "https://login.test";

  private static TokenIssuer.Builder issuer(Keyset keys, MutableClock clock) {
    return TokenIssuer.builder(keys).issuer(ISS).audience("api").clock(clock).idleTimeout(Duration.ofHours(1));
  }

  @Test
  void build_absoluteTimeoutLongerThanTheKeysetsMaxSession_isRefusedNamingTheSetting() {
    Keyset keys = Keyset.generate();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> issuer(keys, new MutableClock(Instant.now())).absoluteTimeout(Duration.ofHours(13)).build());
    assertTrue(e.getMessage().contains("max session PT12H"), e.getMessage());
    assertTrue(e.getMessage().contains("signet keys set --max-session"), e.getMessage());
  }

  @Test
  void build_absoluteTimeoutUpToTheKeysetsMaxSession_builds() {
    Keyset keys = Keyset.generate().withMaxSession(Duration.ofDays(2));
    TokenIssuer i = issuer(keys, new MutableClock(Instant.now())).absoluteTimeout(Duration.ofDays(2)).build();
    assertEquals(Duration.ofDays(2), i.absoluteTimeout());
  }

  @Test
  void longestSession_verifiesUntilItsHardExpiryThroughDailyRotations() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T00:00:00Z"));
    Duration longest = Duration.ofDays(3);
    Keyset keys = Keyset.generate(clock).withMaxSession(longest);
    Rotation daily = Rotation.with(RotationPolicy.defaults()).clock(clock);
    clock.advance(Duration.ofDays(1));
    keys = daily.apply(keys).keyset();
    // Minted with the active key a minute before it is retired.
    clock.advance(Duration.ofDays(1).minusMinutes(1));
    IssuedToken issued = issuer(keys, clock).idleTimeout(longest).absoluteTimeout(longest).build()
        .start(NewSession.forSubject("alice"));
    Instant hardExpiry = issued.session().hardExpiresAt();
    while (clock.instant().plus(Duration.ofDays(1)).isBefore(hardExpiry)) {
      clock.advance(Duration.ofDays(1));
      keys = daily.apply(keys).keyset();
      assertAccepted(keys, clock, issued.token());
    }
    clock.set(hardExpiry.minusSeconds(1));
    keys = daily.apply(keys).keyset();
    assertAccepted(keys, clock, issued.token());
  }

  private static void assertAccepted(Keyset keys, MutableClock clock, String token) {
    Verification v = TokenVerifier.builder(keys.verifierOnly()).issuer(ISS).audience("api").clock(clock).build()
        .verify(token);
    assertTrue(v.isAccepted(), clock.instant() + ": " + v);
  }
}
