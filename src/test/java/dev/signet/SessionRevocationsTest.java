package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.revocation.RevocationList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionRevocationsTest {
  private final Lifecycle l = new Lifecycle();
  private final List<SessionEvent> events = new ArrayList<>();

  private SessionRevocations over(RevocationList list) {
    return new SessionRevocations(list, l.store, Duration.ofHours(12), l.clock, events::add);
  }

  private Session session() {
    return l.sessions.start(NewSession.forSubject("alice")).session();
  }

  @Test
  void requireUsable_listThatThrows_isRefusedAsUnavailableWithAnEvent() {
    SessionRevocations r = over(s -> {
      throw new IllegalStateException("down");
    });
    SessionRejectedException e = assertThrows(SessionRejectedException.class, () -> r.requireUsable(session(), "renewal"));
    assertEquals(Rejection.REVOCATION_UNAVAILABLE, e.rejection());
    assertEquals(1, events.size());
    assertEquals(SessionEvent.Type.REJECTED, events.get(0).type());
  }

  @Test
  void requireUsable_revokedSession_isRefusedAsRevokedNamingTheOperation() {
    SessionRevocations r = over(s -> RevocationList.Status.REVOKED);
    Session s = session();
    SessionRejectedException e = assertThrows(SessionRejectedException.class, () -> r.requireUsable(s, "elevation"));
    assertEquals(Rejection.REVOKED, e.rejection());
    assertEquals("elevation refused for sid=" + s.sessionId() + ": the session is revoked", e.getMessage());
  }

  @Test
  void cutOffExpiry_outlivesEverySessionStartedByThenPlusTheLargestLeeway() {
    assertEquals(Lifecycle.T0.plus(Duration.ofHours(12)).plus(TokenVerifier.MAX_LEEWAY).plusSeconds(1),
        over(RevocationList.none()).cutOffExpiry(Lifecycle.T0));
  }

  @Test
  void sessionEntryExpiry_isTheHardExpiryPlusTheLargestLeeway() {
    Session s = session();
    assertEquals(s.hardExpiresAt().plus(TokenVerifier.MAX_LEEWAY), SessionRevocations.sessionEntryExpiry(s));
  }

  @Test
  void end_revokesTheSidAndEmitsEnded() throws Exception {
    Session s = session();
    over(l.store).end(s);
    assertEquals(RevocationList.Status.REVOKED, l.store.check(s));
    assertEquals(SessionEvent.Type.ENDED, events.get(events.size() - 1).type());
  }
}
