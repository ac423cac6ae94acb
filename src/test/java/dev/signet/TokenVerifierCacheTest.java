package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenVerifierCacheTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:15:30Z");
  private static final Keyset KEYS = Keyset.generate(Clock.fixed(T0, ZoneOffset.UTC));

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static TokenIssuer issuer(Clock clock) {
    return TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").clock(clock)
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12)).build();
  }

  private static TokenVerifier.Builder cachedVerifier(Clock clock) {
    return TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api").clock(clock)
        .cacheVerifiedTokens(100, Duration.ofMinutes(10));
  }

  @Test
  void verify_sameTokenTwiceWithCache_returnsTheCachedSession() {
    MovableClock clock = new MovableClock(T0);
    String token = issuer(clock).start(NewSession.forSubject("alice")).token();
    TokenVerifier verifier = cachedVerifier(clock).build();

    Session first = verifier.verify(token).session().orElseThrow();
    Session second = verifier.verify(token).session().orElseThrow();

    assertSame(first, second);
  }

  @Test
  void verify_sameTokenTwiceWithoutCache_verifiesEachTime() {
    MovableClock clock = new MovableClock(T0);
    String token = issuer(clock).start(NewSession.forSubject("alice")).token();
    TokenVerifier verifier = TokenVerifier.builder(KEYS).issuer("https://login.test").audience("api")
        .clock(clock).build();

    Session first = verifier.verify(token).session().orElseThrow();
    Session second = verifier.verify(token).session().orElseThrow();

    assertNotSame(first, second);
    assertEquals(first, second);
  }

  @Test
  void verify_cachedTokenRevokedAfterwards_isRejectedAsRevoked() throws Exception {
    MovableClock clock = new MovableClock(T0);
    InMemoryRevocationList revocations = new InMemoryRevocationList(clock);
    String token = issuer(clock).start(NewSession.forSubject("alice")).token();
    TokenVerifier verifier = cachedVerifier(clock).revocations(revocations).build();
    Session s = verifier.verify(token).session().orElseThrow();

    revocations.revoke(Revocation.session(s.sessionId(), s.hardExpiresAt()));

    assertEquals(Rejection.REVOKED, verifier.verify(token).rejection().orElseThrow());
  }

  @Test
  void verify_cachedTokenWhileRevocationListUnavailable_isRejected() {
    MovableClock clock = new MovableClock(T0);
    AtomicReference<RevocationList.Status> status = new AtomicReference<>(RevocationList.Status.NOT_REVOKED);
    String token = issuer(clock).start(NewSession.forSubject("alice")).token();
    TokenVerifier verifier = cachedVerifier(clock).revocations(session -> status.get()).build();
    assertTrue(verifier.verify(token).isAccepted());

    status.set(RevocationList.Status.UNAVAILABLE);

    assertEquals(Rejection.REVOCATION_UNAVAILABLE, verifier.verify(token).rejection().orElseThrow());
  }

  @Test
  void verify_cachedTokenPastExpAndLeeway_isRejectedAsExpired() {
    MovableClock clock = new MovableClock(T0);
    String token = issuer(clock).start(NewSession.forSubject("alice")).token();
    TokenVerifier verifier = cachedVerifier(clock).cacheVerifiedTokens(100, Duration.ofDays(1)).build();
    assertTrue(verifier.verify(token).isAccepted());

    clock.advance(Duration.ofMinutes(31));

    assertEquals(Rejection.EXPIRED, verifier.verify(token).rejection().orElseThrow());
  }

  @Test
  void verify_cachedTokenAfterItsKeyLeftTheKeyset_isRejectedAsUnknownKey() {
    MovableClock clock = new MovableClock(T0);
    String token = issuer(clock).start(NewSession.forSubject("alice")).token();
    String signingKid = KEYS.active(KeyPurpose.SIGNING).orElseThrow().kid();
    Keyset withoutThatKey = Keyset.of(KEYS.verifierOnly().entries().stream()
        .filter(e -> !e.kid().equals(signingKid))
        .map(e -> e.purpose() == KeyPurpose.SIGNING ? e.withState(dev.signet.keys.KeyState.ACTIVE, T0) : e)
        .collect(Collectors.toList()));
    AtomicReference<Keyset> current = new AtomicReference<>(KEYS.verifierOnly());
    TokenVerifier verifier = TokenVerifier.builder(current::get).issuer("https://login.test").audience("api")
        .clock(clock).cacheVerifiedTokens(100, Duration.ofMinutes(10)).build();
    assertTrue(verifier.verify(token).isAccepted());

    current.set(withoutThatKey);

    assertEquals(Rejection.UNKNOWN_KEY, verifier.verify(token).rejection().orElseThrow());
  }

  @Test
  void verify_cachedTokenWithoutItsFingerprintCookie_isRejectedAsFingerprintMismatch() {
    MovableClock clock = new MovableClock(T0);
    String cookie = Fingerprint.newValue();
    String token = issuer(clock)
        .start(NewSession.forSubject("alice").withFingerprintHash(Fingerprint.hash(cookie))).token();
    TokenVerifier verifier = cachedVerifier(clock).build();
    assertTrue(verifier.verify(token, RequestBinding.builder().fingerprint(cookie).build()).isAccepted());

    Verification v = verifier.verify(token, RequestBinding.builder().fingerprint(Fingerprint.newValue()).build());

    assertEquals(Rejection.FINGERPRINT_MISMATCH, v.rejection().orElseThrow());
  }

  @Test
  void verify_anotherSpellingOfACachedToken_isVerifiedInFull() {
    MovableClock clock = new MovableClock(T0);
    String token = issuer(clock).start(NewSession.forSubject("alice")).token();
    TokenVerifier verifier = cachedVerifier(clock).build();
    assertTrue(verifier.verify(token).isAccepted());

    String padded = token + "=";

    assertEquals(Rejection.MALFORMED, verifier.verify(padded).rejection().orElseThrow());
  }

  @Test
  void cacheVerifiedTokens_outOfRangeArguments_areRefused() {
    TokenVerifier.Builder b = TokenVerifier.builder(KEYS);
    assertThrows(IllegalArgumentException.class, () -> b.cacheVerifiedTokens(0, Duration.ofMinutes(1)));
    assertThrows(IllegalArgumentException.class, () -> b.cacheVerifiedTokens((1 << 20) + 1, Duration.ofMinutes(1)));
    assertThrows(IllegalArgumentException.class, () -> b.cacheVerifiedTokens(10, Duration.ofMillis(999)));
    assertThrows(IllegalArgumentException.class, () -> b.cacheVerifiedTokens(10, Duration.ofDays(2)));
    assertThrows(NullPointerException.class, () -> b.cacheVerifiedTokens(10, null));
  }
}
