package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.IssuedToken;
import dev.signet.Rejection;
import dev.signet.TokenVerifier;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Acceptance 1 of the revocation issue: each entry kind, through a real verifier. */
class InMemoryRevocationListTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00.500Z"));
  private final Tokens tokens = new Tokens(clock);
  private final InMemoryRevocationList list = new InMemoryRevocationList(clock);
  private final TokenVerifier verifier = tokens.verifier(list);

  @Test
  void revokedJti_rejectsThatTokenOnly() {
    IssuedToken a = tokens.start("alice");
    IssuedToken sameSessionRenewed = tokens.issuer.renew(a.session());
    IssuedToken other = tokens.start("alice");

    list.revoke(Revocation.of(a.session(), Duration.ofMinutes(1)));

    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, a));
    assertNull(Tokens.outcome(verifier, sameSessionRenewed));
    assertNull(Tokens.outcome(verifier, other));
  }

  @Test
  void revokedSid_rejectsEveryTokenOfThatSession_renewalsIncluded() {
    IssuedToken a = tokens.start("alice");
    clock.advance(Duration.ofMinutes(5));
    IssuedToken renewed = tokens.issuer.renew(a.session());
    IssuedToken otherSession = tokens.start("alice");

    list.revoke(Revocation.session(a.session().sessionId(), a.session().hardExpiresAt().plusSeconds(60)));
    clock.advance(Duration.ofMinutes(1));
    IssuedToken renewedAfterRevocation = tokens.issuer.renew(renewed.session());

    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, a));
    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, renewed));
    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, renewedAfterRevocation));
    assertNull(Tokens.outcome(verifier, otherSession));
  }

  @Test
  void subjectCutoff_rejectsThatSubjectsTokensIssuedBefore_acceptsLaterOnesAndOtherSubjects() {
    IssuedToken before = tokens.start("alice");
    IssuedToken bob = tokens.start("bob");
    Instant t = clock.instant();
    clock.advance(Duration.ofSeconds(3));
    IssuedToken after = tokens.start("alice");

    list.revoke(Revocation.subject("alice", t, t.plus(Duration.ofHours(13))));

    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, before));
    assertNull(Tokens.outcome(verifier, after));
    assertNull(Tokens.outcome(verifier, bob));
  }

  @Test
  void globalCutoff_rejectsEveryTokenIssuedBefore_acceptsLaterOnes() {
    IssuedToken alice = tokens.start("alice");
    IssuedToken bob = tokens.start("bob");
    Instant t = clock.instant();
    clock.advance(Duration.ofSeconds(3));
    IssuedToken later = tokens.start("carol");

    list.revoke(Revocation.global(t, t.plus(Duration.ofHours(13))));

    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, alice));
    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, bob));
    assertNull(Tokens.outcome(verifier, later));
  }

  @Test
  void subjectCutoff_isExactToTheMillisecondWithinOneSecond() {
    Instant t = Instant.parse("2026-11-30T10:00:07.500Z");
    clock.set(t.minusMillis(1));
    IssuedToken oneMsBefore = tokens.start("alice");
    clock.set(t);
    IssuedToken atT = tokens.start("alice");
    clock.set(t.plusMillis(1));
    IssuedToken oneMsAfter = tokens.start("alice");

    list.revoke(Revocation.subject("alice", t, t.plus(Duration.ofHours(13))));

    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, oneMsBefore));
    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, atT));
    assertNull(Tokens.outcome(verifier, oneMsAfter));
  }

  @Test
  void globalCutoff_isExactToTheMillisecondWithinOneSecond() {
    Instant t = Instant.parse("2026-11-30T10:00:07.500Z");
    clock.set(t.minusMillis(1));
    IssuedToken oneMsBefore = tokens.start("alice");
    clock.set(t.plusMillis(1));
    IssuedToken oneMsAfter = tokens.start("bob");

    list.revoke(Revocation.global(t, t.plus(Duration.ofHours(13))));

    assertEquals(Rejection.REVOKED, Tokens.outcome(verifier, oneMsBefore));
    assertNull(Tokens.outcome(verifier, oneMsAfter));
  }

  @Test
  void entriesPastTheirExpiry_stopMatchingAndAreGoneFromMemoryAfterPurge() {
    Instant now = clock.instant();
    list.revoke(Revocation.token("jti-short", now.plusSeconds(10)));
    list.revoke(Revocation.session("sid-short", now.plusSeconds(10)));
    list.revoke(Revocation.subject("alice", now, now.plusSeconds(10)));
    list.revoke(Revocation.global(now, now.plusSeconds(10)));
    list.revoke(Revocation.token("jti-long", now.plusSeconds(3600)));
    assertEquals(5, list.size());

    clock.advance(Duration.ofSeconds(10));

    assertEquals(4, list.purgeExpired());
    assertEquals(1, list.size());
  }

  @Test
  void entryAlreadyPastItsExpiry_isNotKept() {
    list.revoke(Revocation.token("old", clock.instant()));

    assertEquals(0, list.size());
  }
}
