package dev.signet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How events leave Signet, shared by the verifier and the session manager: the verification
 * events ({@link SessionEvent.Type#REJECTED}, {@link SessionEvent.Type#CONTEXT_ANOMALY}) made
 * from a {@link Verification}, the short token hash, and a listener call that can never change
 * the outcome of the operation.
 */
final class SessionEvents {
  static final String EVENT_LOGGER = "dev.signet.events";
  static final Logger LOG = LoggerFactory.getLogger(EVENT_LOGGER);

  private SessionEvents() {}

  /** The event a verification gives: a rejection, a report-only context anomaly, or none (null). */
  static SessionEvent of(Verification v, String token, Instant now) {
    if (!v.isAccepted()) {
      return new SessionEvent(SessionEvent.Type.REJECTED, now, null, null, null, tokenHash(token),
          v.rejection().orElseThrow(), null);
    }
    if (v.anomaly().isPresent()) {
      Session s = v.session().orElseThrow();
      return new SessionEvent(SessionEvent.Type.CONTEXT_ANOMALY, now, s.subject(), s.sessionId(), s.tokenId(),
          tokenHash(token), v.anomaly().get(), null);
    }
    return null;
  }

  /** A lifecycle event about the token just minted. */
  static SessionEvent of(SessionEvent.Type type, IssuedToken t, String previousSid, Instant now) {
    Session s = t.session();
    return new SessionEvent(type, now, s.subject(), s.sessionId(), s.tokenId(), tokenHash(t.token()), null,
        previousSid);
  }

  /** An event about a session, without a token (ended, re-authentication required). */
  static SessionEvent of(SessionEvent.Type type, Session s, Instant now) {
    return new SessionEvent(type, now, s.subject(), s.sessionId(), s.tokenId(), null, null, null);
  }

  /** Where a session manager's events go: the {@value #EVENT_LOGGER} log, then the listener. */
  static Consumer<SessionEvent> emitter(SessionEventListener listener) {
    return e -> {
      log(e);
      notify(listener, e);
    };
  }

  /** The event on the {@value #EVENT_LOGGER} log: a context anomaly at WARN, everything else at INFO. */
  static void log(SessionEvent e) {
    if (e.type() == SessionEvent.Type.CONTEXT_ANOMALY) {
      LOG.warn("{}", e);
    } else {
      LOG.info("{}", e);
    }
  }

  /** Gives the event to the listener; a listener that throws is logged and otherwise ignored. */
  static void notify(SessionEventListener listener, SessionEvent e) {
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("session event listener failed on {} ({})", e.type(), ex.getClass().getName());
    }
  }

  /** The first 12 hex digits of the token's SHA-256; null for a null token. */
  static String tokenHash(String token) {
    if (token == null) {
      return null;
    }
    byte[] h = Fingerprint.sha256(token.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 6);
  }
}
