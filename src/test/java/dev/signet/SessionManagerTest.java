package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.revocation.InMemoryRevocationList;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SessionManagerTest {
  private static final Instant T0 = Lifecycle.T0;

  private static Rejection rejection(Verification v) {
    return v.rejection().orElseThrow(() -> new AssertionError("expected a rejection, got " + v));
  }

  @Test
  void walk_requestsEveryTenMinutesFor11Hours_renewalsKeepItAliveUntilExactlyTheHardTimeout() {
    Lifecycle l = new Lifecycle();
    SessionGrant login = l.sessions.start(NewSession.forSubject("alice"));
    String sid = login.session().sessionId();
    Instant sxp = login.session().hardExpiresAt();
    assertEquals(T0.plus(Duration.ofHours(12)), sxp);

    String token = login.token().token();
    Set<String> jtis = new HashSet<>(Set.of(login.session().tokenId()));
    int renewals = 0;
    for (int minute = 10; minute <= 11 * 60 + 50; minute += 10) {
      l.clock.set(T0.plus(Duration.ofMinutes(minute)));
      Session s = l.verified(token);
      assertEquals(sid, s.sessionId(), "renewals keep the sid");
      assertEquals(sxp, s.hardExpiresAt(), "renewals never move the hard expiry");
      Optional<IssuedToken> renewed = l.sessions.renewIfDue(s);
      if (renewed.isPresent()) {
        Session r = renewed.get().session();
        assertEquals(sid, r.sessionId());
        assertTrue(jtis.add(r.tokenId()), "every renewal has a new jti");
        assertFalse(r.expiresAt().isAfter(sxp), "exp never past sxp");
        token = renewed.get().token();
        renewals++;
      }
    }
    // Renewed every 20 minutes (due after 15 of the 30 idle minutes), until exp reached sxp.
    assertEquals(35, renewals);
    assertEquals(sxp, l.verified(token).expiresAt());

    l.clock.set(sxp.minusMillis(1));
    assertTrue(l.sessions.verify(token).isAccepted(), "alive one millisecond before the hard timeout");
    assertEquals(Optional.empty(), l.sessions.renewIfDue(l.verified(token)), "nothing left to extend");
    l.clock.set(sxp);
    assertEquals(Rejection.SESSION_EXPIRED, rejection(l.sessions.verify(token)));
  }

  @Test
  void idle_secondSessionIdleFor31Minutes_isRejectedExpired() {
    Lifecycle l = new Lifecycle();
    String token = l.sessions.start(NewSession.forSubject("bob")).token().token();
    l.clock.set(T0.plus(Duration.ofMinutes(31)));
    assertEquals(Rejection.EXPIRED, rejection(l.sessions.verify(token)));
  }

  @Test
  void idle_expiresExactlyAtTheIdleTimeout() {
    Lifecycle l = new Lifecycle();
    String token = l.sessions.start(NewSession.forSubject("bob")).token().token();
    l.clock.set(T0.plus(Duration.ofMinutes(30)).minusMillis(1));
    assertTrue(l.sessions.verify(token).isAccepted());
    l.clock.set(T0.plus(Duration.ofMinutes(30)));
    assertEquals(Rejection.EXPIRED, rejection(l.sessions.verify(token)));
  }

  @Test
  void renewIfDue_beforeTheConfiguredFraction_isEmpty_andAtItRenews() {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, m -> m.renewAfter(0.8));
    Session s = l.sessions.start(NewSession.forSubject("carol")).session();
    l.clock.set(T0.plus(Duration.ofMinutes(24)).minusMillis(1));
    assertEquals(Optional.empty(), l.sessions.renewIfDue(s));
    l.clock.set(T0.plus(Duration.ofMinutes(24)));
    IssuedToken t = l.sessions.renewIfDue(s).orElseThrow();
    assertEquals(s.sessionId(), t.session().sessionId());
    assertNotEquals(s.tokenId(), t.session().tokenId());
    assertEquals(T0.plus(Duration.ofMinutes(54)), t.session().expiresAt());
  }

  @Test
  void renew_refreshCallbackReplacesRolesAndAttributes_keepsSidAndAuthTime() throws Exception {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("dave").withRoles("user")).session();
    l.clock.advance(Duration.ofMinutes(20));
    IssuedToken t = l.sessions.renewIfDue(s, d -> d.withRoles("user", "editor").withAttributes(java.util.Map.of("plan", "pro")))
        .orElseThrow();
    Session r = l.verified(t.token());
    assertEquals(Set.of("user", "editor"), r.roles());
    assertEquals("pro", Json.MAPPER.readTree(r.attributesJson().orElseThrow()).get("plan").asText());
    assertEquals(s.sessionId(), r.sessionId());
    assertEquals(s.authTime(), r.authTime());
  }

  @Test
  void start_neverReusesAPreLoginSessionId() {
    Lifecycle l = new Lifecycle();
    String preLogin = l.sessions.start(NewSession.forSubject("anonymous")).session().sessionId();
    Set<String> seen = new HashSet<>(Set.of(preLogin));
    for (int i = 0; i < 200; i++) {
      String sid = l.sessions.start(NewSession.forSubject("alice")).session().sessionId();
      assertEquals(22, sid.length(), "128 bits, base64url");
      assertTrue(seen.add(sid), "a fresh sid on every login");
    }
  }

  @Test
  void elevate_givesANewSessionId_andTheOldOneIsRejected() throws Exception {
    Lifecycle l = new Lifecycle();
    SessionGrant login = l.sessions.start(NewSession.forSubject("alice").withRoles("user"));
    l.clock.advance(Duration.ofMinutes(5));
    SessionGrant admin = l.sessions.elevate(l.verified(login.token().token()), d -> d.withRoles("user", "admin"));

    assertNotEquals(login.session().sessionId(), admin.session().sessionId());
    assertEquals(Rejection.REVOKED, rejection(l.sessions.verify(login.token().token())));
    assertEquals(Rejection.REVOKED, rejection(l.otherGateway().verify(login.token().token())));
    Session s = l.verified(admin.token().token());
    assertTrue(s.hasRole("admin"));
    assertEquals("alice", s.subject());
  }

  @Test
  void elevate_withoutReauthentication_keepsAuthTimeAndHardExpiry() throws Exception {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.clock.advance(Duration.ofHours(3));
    Session e = l.sessions.elevate(s, UnaryOperator.identity()).session();
    assertEquals(s.authTime(), e.authTime());
    assertEquals(s.hardExpiresAt(), e.hardExpiresAt(), "a privilege change does not extend the session");
  }

  @Test
  void elevate_cannotChangeTheSubject() {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    assertThrows(IllegalArgumentException.class,
        () -> l.sessions.elevate(s, d -> NewSession.forSubject("mallory")));
    assertTrue(l.sessions.verify(l.sessions.renew(s, UnaryOperator.identity()).token()).isAccepted(),
        "a refused elevation revokes nothing");
  }

  @Test
  void reauthenticate_updatesAuthTime_keepsSubject_newSidAndHardExpiry() throws Exception {
    Lifecycle l = new Lifecycle();
    SessionGrant login = l.sessions.start(NewSession.forSubject("alice"));
    l.clock.advance(Duration.ofMinutes(20));
    Session old = login.session();
    SessionGrant again = l.sessions.reauthenticate(old, UnaryOperator.identity());
    Session s = l.verified(again.token().token());
    assertEquals("alice", s.subject());
    assertEquals(T0.plus(Duration.ofMinutes(20)), s.authTime());
    assertEquals(T0.plus(Duration.ofMinutes(20)).plus(Duration.ofHours(12)), s.hardExpiresAt());
    assertNotEquals(old.sessionId(), s.sessionId());
    assertEquals(Rejection.REVOKED, rejection(l.sessions.verify(login.token().token())));
    assertTrue(l.sessions.requireRecentAuth(s, Duration.ofMinutes(5)));
  }

  @Test
  void requireRecentAuth_acceptsAtTheExactBoundary_andRefusesOneMillisecondLater() {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.clock.set(T0.plus(Duration.ofMinutes(15)));
    assertTrue(l.sessions.requireRecentAuth(s, Duration.ofMinutes(15)));
    l.clock.set(T0.plus(Duration.ofMinutes(15)).plusMillis(1));
    assertFalse(l.sessions.requireRecentAuth(s, Duration.ofMinutes(15)));
  }

  @Test
  void requireRecentAuth_withoutAge_usesThePolicyAge() {
    Lifecycle l = new Lifecycle(i -> i.idleTimeout(Duration.ofMinutes(15)), v -> {}, m -> m.policy(SessionPolicy.ASVS_L3));
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.clock.set(T0.plus(Duration.ofMinutes(5)));
    assertTrue(l.sessions.requireRecentAuth(s));
    l.clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(1));
    assertFalse(l.sessions.requireRecentAuth(s));
  }

  @Test
  void end_revokesTheSessionAtEveryVerifierSharingTheStore_renewedTokensIncluded() throws Exception {
    Lifecycle l = new Lifecycle();
    TokenVerifier gateway = l.otherGateway();
    SessionGrant login = l.sessions.start(NewSession.forSubject("alice"));
    l.clock.advance(Duration.ofMinutes(20));
    IssuedToken renewed = l.sessions.renewIfDue(login.session()).orElseThrow();
    assertTrue(gateway.verify(renewed.token()).isAccepted());

    l.sessions.end(l.verified(renewed.token()));

    for (String t : new String[] {login.token().token(), renewed.token()}) {
      assertEquals(Rejection.REVOKED, rejection(l.sessions.verify(t)));
      assertEquals(Rejection.REVOKED, rejection(gateway.verify(t)));
    }
  }

  @Test
  void endAll_rejectsEveryEarlierSessionOfTheSubject_butNotALaterLoginOrOtherSubjects() throws Exception {
    Lifecycle l = new Lifecycle();
    String a1 = l.sessions.start(NewSession.forSubject("alice")).token().token();
    l.clock.advance(Duration.ofMinutes(16));
    SessionGrant a2 = l.sessions.start(NewSession.forSubject("alice"));
    String bob = l.sessions.start(NewSession.forSubject("bob")).token().token();
    l.clock.advance(Duration.ofMinutes(10));
    String a1Renewed = l.sessions.renewIfDue(l.verified(a1)).orElseThrow().token();

    l.sessions.endAll("alice");
    l.clock.advance(Duration.ofMillis(1));
    String a3 = l.sessions.start(NewSession.forSubject("alice")).token().token();

    for (String t : new String[] {a1, a1Renewed, a2.token().token()}) {
      assertEquals(Rejection.REVOKED, rejection(l.sessions.verify(t)));
    }
    assertTrue(l.sessions.verify(bob).isAccepted());
    assertTrue(l.sessions.verify(a3).isAccepted(), "a login after the cut-off is not affected");
  }

  @Test
  void globalCutOff_rejectsEverySessionIssuedBefore_butNotLaterOnes() throws Exception {
    Lifecycle l = new Lifecycle();
    String a = l.sessions.start(NewSession.forSubject("alice")).token().token();
    String b = l.sessions.start(NewSession.forSubject("bob")).token().token();
    l.clock.advance(Duration.ofSeconds(1));
    l.sessions.globalCutOff();
    l.clock.advance(Duration.ofMillis(1));
    String c = l.sessions.start(NewSession.forSubject("carol")).token().token();
    assertEquals(Rejection.REVOKED, rejection(l.sessions.verify(a)));
    assertEquals(Rejection.REVOKED, rejection(l.otherGateway().verify(b)));
    assertTrue(l.sessions.verify(c).isAccepted());
  }

  @Test
  void build_verifierWithoutARevocationStore_isRefused() {
    Lifecycle l = new Lifecycle();
    TokenVerifier noStore = TokenVerifier.builder(l.keys).issuer(Lifecycle.ISS).audience("app").clock(l.clock).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SessionManager.builder(l.issuer, noStore).build());
    assertTrue(e.getMessage().contains("revocations(store)"), e.getMessage());
  }

  @Test
  void build_verifierForAnotherIssuer_isRefused() {
    Lifecycle l = new Lifecycle();
    TokenVerifier other = TokenVerifier.builder(l.keys).issuer("https://elsewhere.test").audience("app")
        .clock(l.clock).revocations(l.store).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SessionManager.builder(l.issuer, other).build());
    assertTrue(e.getMessage().contains("https://elsewhere.test"), e.getMessage());
  }

  @Test
  void builder_renewAfterOutOfRange_isRefused() {
    Lifecycle l = new Lifecycle();
    SessionManager.Builder b = SessionManager.builder(l.issuer, l.verifier);
    assertThrows(IllegalArgumentException.class, () -> b.renewAfter(0));
    assertThrows(IllegalArgumentException.class, () -> b.renewAfter(1.01));
    assertThrows(IllegalArgumentException.class, () -> b.renewAfter(Double.NaN));
  }
}
