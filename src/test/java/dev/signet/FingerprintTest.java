package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static RequestBinding cookie(String value) {
    return RequestBinding.builder().fingerprint(value).build();
  }

  @Test
  void start_withFingerprint_carriesTheSha256OfAFreshValue() {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, SessionManager.Builder::fingerprint);
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    String value = g.fingerprint().orElseThrow();
    assertEquals(43, value.length(), "256 bits, base64url");
    assertEquals(Fingerprint.hash(value), g.session().fingerprintHash().orElseThrow());
    assertNotEquals(value, l.sessions.start(NewSession.forSubject("alice")).fingerprint().orElseThrow());
  }

  @Test
  void verify_withTheFingerprintCookie_isAccepted() {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, SessionManager.Builder::fingerprint);
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    assertTrue(l.sessions.verify(g.token().token(), cookie(g.fingerprint().orElseThrow())).isAccepted());
  }

  @Test
  void verify_stolenTokenWithoutTheFingerprintCookie_isFingerprintMismatch() {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, SessionManager.Builder::fingerprint);
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    assertEquals(Rejection.FINGERPRINT_MISMATCH, l.verifier.verify(g.token().token()).rejection().orElseThrow());
    assertEquals(Rejection.FINGERPRINT_MISMATCH,
        l.verifier.verify(g.token().token(), cookie(Fingerprint.newValue())).rejection().orElseThrow());
    assertEquals(Rejection.FINGERPRINT_MISMATCH,
        l.verifier.verify(g.token().token(), cookie("")).rejection().orElseThrow());
  }

  @Test
  void renew_keepsTheFingerprint_soTheSameCookieStillMatches() {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, SessionManager.Builder::fingerprint);
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    l.clock.advance(Duration.ofMinutes(20));
    IssuedToken r = l.sessions.renewIfDue(g.session()).orElseThrow();
    assertTrue(l.sessions.verify(r.token(), cookie(g.fingerprint().orElseThrow())).isAccepted());
  }

  @Test
  void elevate_issuesANewFingerprint_andTheOldCookieNoLongerMatches() throws Exception {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, SessionManager.Builder::fingerprint);
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    SessionGrant e = l.sessions.elevate(g.session(), UnaryOperator.identity());
    assertTrue(l.sessions.verify(e.token().token(), cookie(e.fingerprint().orElseThrow())).isAccepted());
    assertEquals(Rejection.FINGERPRINT_MISMATCH,
        l.sessions.verify(e.token().token(), cookie(g.fingerprint().orElseThrow())).rejection().orElseThrow());
  }

  @Test
  void elevate_keepsAFingerprintBindingSetByHand() throws Exception {
    Lifecycle l = new Lifecycle();
    String value = Fingerprint.newValue();
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice").withFingerprintHash(Fingerprint.hash(value)));

    SessionGrant e = l.sessions.elevate(g.session(), d -> d.withRoles("admin"));

    assertEquals(g.session().fingerprintHash(), e.session().fingerprintHash());
    assertEquals(Rejection.FINGERPRINT_MISMATCH, l.sessions.verify(e.token().token()).rejection().orElseThrow());
    assertTrue(l.sessions.verify(e.token().token(), cookie(value)).isAccepted());
  }

  @Test
  void reauthenticate_keepsAFingerprintBindingSetByHand() throws Exception {
    Lifecycle l = new Lifecycle();
    String value = Fingerprint.newValue();
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice").withFingerprintHash(Fingerprint.hash(value)));

    SessionGrant r = l.sessions.reauthenticate(g.session(), UnaryOperator.identity());

    assertEquals(Rejection.FINGERPRINT_MISMATCH, l.sessions.verify(r.token().token()).rejection().orElseThrow());
    assertTrue(l.sessions.verify(r.token().token(), cookie(value)).isAccepted());
  }

  @Test
  void verify_tokenWithoutFingerprint_needsNoCookie() {
    Lifecycle l = new Lifecycle();
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    assertTrue(g.fingerprint().isEmpty());
    assertTrue(l.sessions.verify(g.token().token()).isAccepted());
  }

  @Test
  void toString_neverShowsTheFingerprintValue() {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, SessionManager.Builder::fingerprint);
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    String value = g.fingerprint().orElseThrow();
    assertTrue(!g.toString().contains(value) && !g.toString().contains(g.token().token()), g::toString);
    assertTrue(!cookie(value).toString().contains(value));
  }
}
