package dev.signet;

/**
 * Receives the {@link SessionEvent}s of a {@link SessionManager} (the lifecycle) and of a
 * {@link TokenVerifier} (rejections and anomalies), for audit trails and metrics.
 *
 * <p>Implementations must be fast, must not block and must be thread-safe: they run on the
 * request thread. An exception thrown by a listener is logged and otherwise ignored; it never
 * changes the outcome of the operation.
 */
@FunctionalInterface
public interface SessionEventListener {
  /** A listener that ignores every event; the default. */
  SessionEventListener NONE = event -> {};

  /** Called once per event, after the operation succeeded (or, for a rejection, was decided). */
  void onEvent(SessionEvent event);
}
