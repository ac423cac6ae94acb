package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionReplacementTest {
  private static Session current() {
    Lifecycle l = new Lifecycle();
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    l.clock.advance(Duration.ofMinutes(5));
    return s;
  }

  @Test
  void elevation_keepsAuthTimeHardExpiryAndStartTime() {
    Session s = current();
    NewSession next = SessionReplacement.ELEVATION.next(s, NewSession.of(s));
    assertEquals(Optional.of(s.authTime()), next.authTime());
    assertEquals(s.hardExpiresAt(), SessionReplacement.ELEVATION.hardExpiryCap(s));
    assertEquals(s.startedAt(), SessionReplacement.ELEVATION.startedAt(s));
  }

  @Test
  void reauthentication_startsAnewWithAuthTimeNow() {
    Session s = current();
    NewSession next = SessionReplacement.REAUTHENTICATION.next(s, NewSession.of(s).withAuthTime(s.authTime()));
    assertTrue(next.authTime().isEmpty());
    assertNull(SessionReplacement.REAUTHENTICATION.hardExpiryCap(s));
    assertNull(SessionReplacement.REAUTHENTICATION.startedAt(s));
  }

  @Test
  void changed_anotherSubject_isRefused() {
    Session s = current();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionReplacement.changed(s, d -> NewSession.forSubject("mallory")));
    assertTrue(e.getMessage().contains("cannot change the subject"), e.getMessage());
  }

  @Test
  void changed_nullResult_isRefusedByName() {
    Session s = current();
    NullPointerException e = assertThrows(NullPointerException.class, () -> SessionReplacement.changed(s, d -> null));
    assertEquals("change result", e.getMessage());
  }
}
