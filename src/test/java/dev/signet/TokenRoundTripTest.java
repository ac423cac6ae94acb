package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.Keyset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenRoundTripTest {
  record Profile(String displayName, int level, List<String> teams, Map<String, Object> extra) {}

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30.123Z"), ZoneOffset.UTC);
  private static final Keyset KEYS = Keyset.generate(CLOCK);

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void issueThenVerify_returnsEqualSessionWithAttributes(TokenProfile profile) {
    TokenIssuer issuer = TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api")
        .profile(profile).clock(CLOCK).idleTimeout(Duration.ofMinutes(30)).build();
    TokenVerifier verifier = TokenVerifier.builder(KEYS).issuer("https://login.test").audience("api")
        .profile(profile).clock(CLOCK).build();
    Profile attrs = new Profile("Alice Ü 🎉", 3, List.of("red", "blue"), Map.of("n", 1.5, "flag", true));

    IssuedToken t = issuer.start(NewSession.forSubject("alice").withRoles("user", "admin").withAttributes(attrs));
    Verification v = verifier.verify(t.token());

    assertTrue(v.isAccepted(), v::toString);
    Session s = v.session().orElseThrow();
    assertEquals(t.session(), s);
    assertEquals(attrs, s.attributes(Profile.class));
    assertEquals(Instant.parse("2026-11-22T10:15:30.123Z"), s.issuedAt());
  }
}
