package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.SecretAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every lifecycle event reaches the {@code dev.signet.events} log with its fields, and no log
 * line of any logger holds a token, a token segment, a fingerprint value or key material.
 */
class SessionEventLogTest {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void capture() {
    previous = root.getLevel();
    root.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void restore() {
    root.detachAppender(appender);
    root.setLevel(previous);
  }

  private List<ILoggingEvent> events() {
    List<ILoggingEvent> out = new ArrayList<>();
    for (ILoggingEvent e : appender.list) {
      if (e.getLoggerName().equals(SessionEvents.EVENT_LOGGER)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(e.getFormattedMessage());
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      sb.append(' ').append(t.getMessage());
    }
    return sb.toString();
  }

  @Test
  void everyLifecycleEvent_isLoggedWithItsFields_andNoTokenOrKeyAppears() throws Exception {
    Lifecycle l = new Lifecycle(i -> {}, v -> v.contextBinding(
        ContextBinding.builder().userAgent().policy(ContextPolicy.REPORT_ONLY).build()),
        SessionManager.Builder::fingerprint);
    RequestBinding ua = RequestBinding.builder().userAgent("agent/1").build();
    List<String> tokens = new ArrayList<>();
    List<String> fingerprints = new ArrayList<>();

    SessionGrant start = l.sessions.start(NewSession.forSubject("alice"), ua);
    tokens.add(start.token().token());
    fingerprints.add(start.fingerprint().orElseThrow());
    RequestBinding withFgp = RequestBinding.builder().userAgent("agent/1").fingerprint(fingerprints.get(0)).build();
    l.clock.advance(Duration.ofMinutes(20));
    IssuedToken renewed = l.sessions.renewIfDue(l.sessions.verify(start.token().token(), withFgp).session().orElseThrow())
        .orElseThrow();
    tokens.add(renewed.token());
    RequestBinding otherUa = RequestBinding.builder().userAgent("agent/2").fingerprint(fingerprints.get(0)).build();
    l.sessions.verify(renewed.token(), otherUa);                           // CONTEXT_ANOMALY
    l.sessions.verify(renewed.token());                                    // REJECTED (fingerprint)
    SessionGrant elevated = l.sessions.elevate(renewed.session(), d -> d.withRoles("admin"));
    tokens.add(elevated.token().token());
    fingerprints.add(elevated.fingerprint().orElseThrow());
    SessionGrant reauth = l.sessions.reauthenticate(elevated.session(), UnaryOperator.identity());
    tokens.add(reauth.token().token());
    fingerprints.add(reauth.fingerprint().orElseThrow());
    l.clock.advance(Duration.ofHours(1));
    l.sessions.requireRecentAuth(reauth.session(), Duration.ofMinutes(5)); // REAUTHENTICATION_REQUIRED
    l.sessions.end(reauth.session());
    l.sessions.endAll("alice");
    l.sessions.globalCutOff();

    List<SessionEvent.Type> expected = List.of(
        SessionEvent.Type.STARTED, SessionEvent.Type.RENEWED, SessionEvent.Type.CONTEXT_ANOMALY,
        SessionEvent.Type.REJECTED, SessionEvent.Type.ELEVATED, SessionEvent.Type.REAUTHENTICATED,
        SessionEvent.Type.REAUTHENTICATION_REQUIRED, SessionEvent.Type.ENDED, SessionEvent.Type.ENDED_ALL,
        SessionEvent.Type.GLOBAL_CUTOFF);
    List<SessionEvent.Type> types = new ArrayList<>();
    l.events.forEach(e -> types.add(e.type()));
    assertEquals(expected, types, "listener events");

    List<ILoggingEvent> logged = events();
    assertEquals(expected.size(), logged.size(), "one log line per event");
    for (int i = 0; i < expected.size(); i++) {
      SessionEvent e = l.events.get(i);
      String line = logged.get(i).getFormattedMessage();
      assertEquals(e.toString(), line);
      assertTrue(line.startsWith("session " + e.type() + " time=" + e.time()), line);
    }
    String started = logged.get(0).getFormattedMessage();
    assertTrue(started.contains("sub=alice"), started);
    assertTrue(started.contains("sid=" + start.session().sessionId()), started);
    assertTrue(started.contains("jti=" + start.session().tokenId()), started);
    assertTrue(started.contains("token_hash=" + SessionEvents.tokenHash(start.token().token())), started);
    assertTrue(started.matches(".*token_hash=[0-9a-f]{12}( .*)?$"), started);
    String rejected = logged.get(3).getFormattedMessage();
    assertTrue(rejected.contains("reason=FINGERPRINT_MISMATCH"), rejected);
    assertTrue(rejected.contains("token_hash=" + SessionEvents.tokenHash(renewed.token())), rejected);
    assertEquals(Level.WARN, logged.get(2).getLevel(), "an anomaly is a warning");
    String elevatedLine = logged.get(4).getFormattedMessage();
    assertTrue(elevatedLine.contains("previous_sid=" + renewed.session().sessionId()), elevatedLine);
    assertTrue(elevatedLine.contains("sid=" + elevated.session().sessionId()), elevatedLine);

    List<String> secrets = new ArrayList<>(fingerprints);
    for (String t : tokens) {
      secrets.add(t);
      for (String segment : t.split("\\.")) {
        if (segment.length() >= 16) {
          secrets.add(segment);
        }
      }
    }
    for (KeyEntry k : l.keys.entries()) {
      byte[] b = k.secretBytes(SecretAccess.insecure());
      secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
      secrets.add(Base64.getEncoder().encodeToString(b));
      secrets.add(HexFormat.of().formatHex(b));
    }
    assertFalse(appender.list.isEmpty());
    for (ILoggingEvent e : appender.list) {
      String t = text(e);
      for (String secret : secrets) {
        assertFalse(t.contains(secret), () -> "secret material in log line: " + e.getLoggerName());
      }
    }
    for (SessionEvent e : l.events) {
      for (String secret : secrets) {
        assertFalse(e.toString().contains(secret));
      }
    }
  }

  @Test
  void listenerThatThrows_doesNotChangeTheOutcome() {
    Lifecycle l = new Lifecycle(i -> {}, v -> {}, m -> m.listener(e -> {
      throw new IllegalStateException("listener down");
    }));
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"));
    assertTrue(l.sessions.verify(g.token().token()).isAccepted());
    assertTrue(appender.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
        && e.getFormattedMessage().contains("listener failed")));
  }
}
