package dev.signet.revocation;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.Rejection;
import dev.signet.Session;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.keys.Keyset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Real tokens and verifiers for revocation tests, on one shared keyset and a movable clock. */
final class Tokens {
  static final String ISS = "https://login.test";
  static final Keyset KEYS = Keyset.generate(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));

  final MutableClock clock;
  final TokenIssuer issuer;

  Tokens(MutableClock clock) {
    this.clock = clock;
    this.issuer = TokenIssuer.builder(KEYS).issuer(ISS).audience("api").clock(clock)
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12)).build();
  }

  IssuedToken start(String subject) {
    return issuer.start(NewSession.forSubject(subject));
  }

  TokenVerifier verifier(RevocationList list) {
    return TokenVerifier.builder(KEYS).issuer(ISS).audience("api").clock(clock).revocations(list).build();
  }

  TokenVerifier failOpenVerifier(RevocationList list) {
    return TokenVerifier.builder(KEYS).issuer(ISS).audience("api").clock(clock).revocations(list)
        .failOpenOnRevocationErrors().build();
  }

  static Rejection outcome(TokenVerifier v, IssuedToken t) {
    Verification r = v.verify(t.token());
    return r.isAccepted() ? null : r.rejection().orElseThrow();
  }

  static Instant inADay(Session s) {
    return s.issuedAt().plus(Duration.ofDays(1));
  }
}
