package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the lifecycle meets the revocation list: cut-offs match the session's start time, which
 * renewals keep; renewal and elevation ask the list first; entries outlive every verifier's
 * leeway. In-memory stores, one per process, with propagation between them done by hand.
 */
class SessionManagerRevocationTest {
  private static final Instant T0 = Lifecycle.T0;

  /** A store that also remembers what it was given, so a test can deliver it to another store later. */
  private static final class Recording implements RevocationStore {
    final InMemoryRevocationList list;
    final List<Revocation> written = new ArrayList<>();

    Recording(MutableClock clock) {
      this.list = new InMemoryRevocationList(clock);
    }

    @Override
    public void revoke(Revocation entry) {
      written.add(entry);
      list.revoke(entry);
    }

    @Override
    public Status check(Session session) {
      return list.check(session);
    }
  }

  /** One process: a store, a verifier over it, and a manager (login service or gateway). */
  private static final class Node {
    final RevocationStore store;
    final TokenVerifier verifier;
    final SessionManager sessions;

    Node(Lifecycle l, RevocationStore store, Duration leeway) {
      this.store = store;
      this.verifier = TokenVerifier.builder(l.keys.verifierOnly()).issuer(Lifecycle.ISS).audience("app")
          .clock(l.clock).leeway(leeway).revocations(store).build();
      this.sessions = SessionManager.builder(l.issuer, verifier).build();
    }

    Session verified(String token) {
      Verification v = verifier.verify(token);
      assertTrue(v.isAccepted(), () -> "expected accepted, got " + v);
      return v.session().orElseThrow();
    }

    Rejection rejection(String token) {
      return verifier.verify(token).rejection().orElseThrow(() -> new AssertionError("expected a rejection"));
    }
  }

  private enum CutOff {
    SUBJECT,
    GLOBAL;

    void apply(SessionManager sessions) throws IOException {
      if (this == SUBJECT) {
        sessions.endAll("alice");
      } else {
        sessions.globalCutOff();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CutOff.class)
  void renewOnAGatewayTheCutOffHasNotReached_isRejectedOnceItArrives(CutOff cutOff) throws Exception {
    Lifecycle l = new Lifecycle();
    Recording loginStore = new Recording(l.clock);
    Node login = new Node(l, loginStore, Duration.ZERO);
    Node gateway = new Node(l, new InMemoryRevocationList(l.clock), Duration.ofSeconds(60));
    String token = login.sessions.start(NewSession.forSubject("alice")).token().token();
    l.clock.advance(Duration.ofMinutes(20));
    gateway.verified(token);

    cutOff.apply(login.sessions);
    l.clock.advance(Duration.ofSeconds(1));
    Session stillAccepted = gateway.verified(token);
    IssuedToken renewed = gateway.sessions.renewIfDue(stillAccepted).orElseThrow();
    assertTrue(renewed.session().issuedAt().isAfter(loginStore.written.get(0).before().orElseThrow()),
        "the renewal is issued after the cut-off");
    for (Revocation r : loginStore.written) {
      gateway.store.revoke(r);
    }

    assertEquals(Rejection.REVOKED, gateway.rejection(renewed.token()));
    assertEquals(Rejection.REVOKED, login.rejection(renewed.token()));
  }

  @ParameterizedTest
  @EnumSource(CutOff.class)
  void renew_afterACutOffTheListHolds_isRefusedAsRevoked(CutOff cutOff) throws Exception {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.clock.advance(Duration.ofMinutes(20));
    cutOff.apply(l.sessions);
    l.clock.advance(Duration.ofSeconds(1));

    SessionRejectedException e = assertThrows(SessionRejectedException.class, () -> l.sessions.renewIfDue(s));
    assertEquals(Rejection.REVOKED, e.rejection());
    assertEquals(SessionEvent.Type.REJECTED, l.events.get(l.events.size() - 1).type());
  }

  @Test
  void renew_ofAnEndedSession_isRefusedAsRevoked() throws Exception {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.sessions.end(s);

    SessionRejectedException e = assertThrows(SessionRejectedException.class,
        () -> l.sessions.renew(s, UnaryOperator.identity()));
    assertEquals(Rejection.REVOKED, e.rejection());
  }

  @Test
  void renew_whenTheListCannotAnswer_isRefusedAsUnavailable_evenOnAFailOpenVerifier() {
    Lifecycle l = new Lifecycle();
    RevocationStore down = new RevocationStore() {
      @Override
      public void revoke(Revocation entry) throws IOException {
        throw new IOException("down");
      }

      @Override
      public Status check(Session session) {
        return Status.UNAVAILABLE;
      }
    };
    TokenVerifier failOpen = TokenVerifier.builder(l.keys).issuer(Lifecycle.ISS).audience("app").clock(l.clock)
        .revocations(down).failOpenOnRevocationErrors().build();
    SessionManager sessions = SessionManager.builder(l.issuer, failOpen).build();
    String token = sessions.start(NewSession.forSubject("alice")).token().token();
    l.clock.advance(Duration.ofMinutes(20));
    Session s = sessions.verify(token).session().orElseThrow();

    SessionRejectedException e = assertThrows(SessionRejectedException.class, () -> sessions.renewIfDue(s));
    assertEquals(Rejection.REVOCATION_UNAVAILABLE, e.rejection());
    assertTrue(e.rejection().isTransient());
  }

  @Test
  void elevate_ofARevokedSession_isRefused_andStartsNothing() throws Exception {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.sessions.endAll("alice");
    l.clock.advance(Duration.ofSeconds(1));
    int events = l.events.size();

    assertThrows(SessionRejectedException.class, () -> l.sessions.elevate(s, d -> d.withRoles("admin")));
    assertThrows(SessionRejectedException.class, () -> l.sessions.reauthenticate(s, UnaryOperator.identity()));
    assertTrue(l.events.subList(events, l.events.size()).stream()
        .allMatch(e -> e.type() == SessionEvent.Type.REJECTED), "no session started");
  }

  @Test
  void renewals_keepTheSessionStartTime() {
    Lifecycle l = new Lifecycle();
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    assertEquals(T0, g.session().startedAt());
    l.clock.advance(Duration.ofMinutes(20));
    IssuedToken first = l.sessions.renewIfDue(l.verified(g.token().token())).orElseThrow();
    l.clock.advance(Duration.ofMinutes(20));
    IssuedToken second = l.sessions.renewIfDue(l.verified(first.token())).orElseThrow();

    Session s = l.verified(second.token());
    assertEquals(T0, s.startedAt(), "carried in the token across renewals");
    assertEquals(T0.plus(Duration.ofMinutes(40)), s.issuedAt());
  }

  @Test
  void elevate_keepsTheSessionStart_soACutOffMadeBeforeItStillMatches() throws Exception {
    Lifecycle l = new Lifecycle();
    Recording gatewayStore = new Recording(l.clock);
    Node gateway = new Node(l, gatewayStore, Duration.ZERO);
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.clock.advance(Duration.ofMinutes(5));
    // A cut-off the login service has not seen yet (made through another process).
    gatewayStore.revoke(Revocation.subject("alice", l.clock.instant(), l.clock.instant().plus(Duration.ofHours(13))));
    l.clock.advance(Duration.ofMinutes(5));

    SessionGrant admin = l.sessions.elevate(s, d -> d.withRoles("admin"));

    assertEquals(s.startedAt(), admin.session().startedAt());
    assertNotEquals(s.sessionId(), admin.session().sessionId());
    assertEquals(Rejection.REVOKED, gateway.rejection(admin.token().token()));
  }

  @Test
  void reauthenticate_startsTheSessionAnew_soAnEarlierCutOffDoesNotMatch() throws Exception {
    Lifecycle l = new Lifecycle();
    Recording gatewayStore = new Recording(l.clock);
    Node gateway = new Node(l, gatewayStore, Duration.ZERO);
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.clock.advance(Duration.ofMinutes(5));
    gatewayStore.revoke(Revocation.subject("alice", l.clock.instant(), l.clock.instant().plus(Duration.ofHours(13))));
    l.clock.advance(Duration.ofMinutes(5));

    SessionGrant again = l.sessions.reauthenticate(s, UnaryOperator.identity());

    assertEquals(l.clock.instant(), again.session().startedAt());
    gateway.verified(again.token().token());
  }

  @Test
  void tokenWithoutStartTime_countsAsStartedWhenIssued_andItsRenewalsKeepThatTime() {
    // Claims as minted before sst_ms existed: iat (whole seconds) and no start time.
    ObjectNode legacy = Forge.claims();
    String token = Forge.forge().token(TokenProfile.SIGNED_AND_SEALED, legacy.toString());
    Instant iat = Instant.ofEpochSecond(legacy.get("iat").longValue());
    InMemoryRevocationList list = new InMemoryRevocationList(Forge.CLOCK);
    TokenVerifier verifier = Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED).revocations(list).build();
    Session s = verifier.verify(token).session().orElseThrow();
    assertEquals(iat, s.startedAt());

    Session renewed = verifier.verify(Forge.issuer(TokenProfile.SIGNED_AND_SEALED).renew(s).token())
        .session().orElseThrow();
    assertEquals(iat, renewed.startedAt());
    list.revoke(Revocation.subject("alice", iat, Forge.NOW.plus(Duration.ofHours(13))));

    assertEquals(Rejection.REVOKED, verifier.verify(token).rejection().orElseThrow());
    assertEquals(Rejection.REVOKED,
        verifier.verify(Forge.issuer(TokenProfile.SIGNED_AND_SEALED).renew(s).token()).rejection().orElseThrow());
  }

  private enum Ending {
    END,
    ELEVATE,
    REAUTHENTICATE,
    END_ALL,
    GLOBAL_CUT_OFF;

    void apply(SessionManager sessions, Session s) throws IOException {
      switch (this) {
        case END:
          sessions.end(s);
          break;
        case ELEVATE:
          sessions.elevate(s, UnaryOperator.identity());
          break;
        case REAUTHENTICATE:
          sessions.reauthenticate(s, UnaryOperator.identity());
          break;
        case END_ALL:
          sessions.endAll(s.subject());
          break;
        default:
          sessions.globalCutOff();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void endedAtALoginServiceWithLeewayZero_staysRejectedByAFiveMinuteLeewayGateway30sPastSxp(Ending ending)
      throws Exception {
    // exp = sxp, so the token is valid until the hard expiry plus the verifier's leeway.
    Lifecycle l = new Lifecycle(i -> i.idleTimeout(Duration.ofHours(12)), v -> {}, m -> {});
    assertEquals(Duration.ZERO, l.verifier.leeway());
    Node gateway = new Node(l, l.store, TokenVerifier.MAX_LEEWAY);
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    l.clock.advance(Duration.ofSeconds(10));
    ending.apply(l.sessions, l.verified(g.token().token()));

    l.clock.set(g.session().hardExpiresAt().plusSeconds(30));
    assertEquals(Rejection.REVOKED, gateway.rejection(g.token().token()));
    l.clock.set(g.session().hardExpiresAt().plus(TokenVerifier.MAX_LEEWAY));
    assertEquals(Rejection.SESSION_EXPIRED, gateway.rejection(g.token().token()));
  }
}
