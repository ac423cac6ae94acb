package dev.signet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.SecretAccess;
import dev.signet.revocation.RevocationList;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No token, key or secret appears in a log line, a {@code toString()} or an exception message:
 * everything Signet prints during the issue and verification of a known token, accepted and
 * rejected, is captured (logging at TRACE) and searched for the token and the keys.
 */
class SecretLeakTest {
  private final Logger signetLogger = (Logger) LoggerFactory.getLogger("dev.signet");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  /** Every Signet logger's own level before the test (other tests may have set some). */
  private final java.util.Map<Logger, Level> previous = new java.util.HashMap<>();

  /**
   * Raises every existing Signet logger to TRACE (loggers made later inherit it from
   * {@code dev.signet}), so what is captured does not depend on the levels any other test or
   * configuration left.
   */
  @BeforeEach
  void captureLogs() {
    ch.qos.logback.classic.LoggerContext context = signetLogger.getLoggerContext();
    for (Logger l : context.getLoggerList()) {
      if (l.getName().equals("dev.signet") || l.getName().startsWith("dev.signet.")) {
        previous.put(l, l.getLevel());
        l.setLevel(Level.TRACE);
      }
    }
    appender.start();
    signetLogger.addAppender(appender);
  }

  @AfterEach
  void restoreLogs() {
    signetLogger.detachAppender(appender);
    appender.stop();
    previous.forEach(Logger::setLevel);
  }

  /**
   * The events this test's own thread logged: a server, poller or reloader of another test
   * still running cannot add to them or change them while they are read.
   */
  private List<ILoggingEvent> ownEvents() {
    String me = Thread.currentThread().getName();
    List<ILoggingEvent> all;
    synchronized (appender) { // AppenderBase.doAppend holds this lock while appending
      all = new ArrayList<>(appender.list);
    }
    List<ILoggingEvent> out = new ArrayList<>();
    for (ILoggingEvent e : all) {
      if (me.equals(e.getThreadName())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Strings that must never be printed: the token, its long segments, and every key in common encodings. */
  private static List<String> secrets(String token) {
    List<String> out = new ArrayList<>();
    out.add(token);
    for (String s : Forge.segments(token)) {
      if (s.length() >= 16) {
        out.add(s);
      }
    }
    for (KeyEntry e : Forge.KEYS.entries()) {
      if (e.hasPrivateKey()) {
        byte[] k = e.secretBytes(SecretAccess.insecure());
        out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(k));
        out.add(Base64.getEncoder().encodeToString(k));
        out.add(HexFormat.of().formatHex(k));
        out.add(HexFormat.of().withUpperCase().formatHex(k));
      }
    }
    return out;
  }

  private static void assertClean(String what, String printed, List<String> secrets) {
    for (String s : secrets) {
      assertFalse(printed.contains(s), what + " shows a token or key");
    }
  }

  @Test
  void issueAndVerify_printNoTokenOrKey() {
    List<String> printed = new ArrayList<>();
    TokenIssuer issuer = Forge.issuer(TokenProfile.SIGNED_AND_SEALED);
    TokenVerifier verifier = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);
    TokenVerifier failOpen = Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED)
        .revocations(s -> RevocationList.Status.UNAVAILABLE).failOpenOnRevocationErrors().build();

    IssuedToken issued = issuer.start(NewSession.forSubject("alice").withRoles("user"));
    String token = issued.token();
    String[] seg = Forge.segments(token);
    String tampered = Forge.join(seg[0], seg[1], seg[2], seg[3], "A" + seg[4].substring(1));
    String wrongProfile = Forge.forge().valid(TokenProfile.SIGNED);
    for (String t : List.of(token, tampered, wrongProfile, token + "=", token.substring(1))) {
      Verification v = verifier.verify(t);
      printed.add(v.toString());
      printed.add(v.detail());
      v.session().ifPresent(s -> printed.add(s.toString()));
    }
    printed.add(failOpen.verify(token).toString());
    printed.add(issued.toString());
    printed.add(issued.session().toString());
    printed.add(issuer.toString());
    printed.add(verifier.toString());
    printed.add(Forge.KEYS.toString());
    printed.add(Forge.KEYS.verifierOnly().toString());
    Forge.KEYS.entries().forEach(e -> printed.add(e.toString()));
    printed.add(assertThrows(IllegalStateException.class,
        () -> Forge.issuer(TokenProfile.SIGNED_AND_SEALED).start(
            NewSession.forSubject("alice").withAttributes(java.util.Map.of("big", "x".repeat(9000))))).getMessage());
    List<ILoggingEvent> events = ownEvents();
    for (ILoggingEvent e : events) {
      printed.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        printed.add(e.getThrowableProxy().getMessage());
      }
    }

    // Four rejections (DEBUG) and the fail-open acceptance (WARN), at least.
    assertTrue(events.size() >= 5, "rejections and the fail-open acceptance are logged: " + events);
    List<String> secrets = secrets(token);
    for (String p : printed) {
      assertClean("printed text", p, secrets);
    }
  }
}
