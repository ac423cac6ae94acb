package dev.signet;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link TokenVerifier#verify(String)}: either an accepted {@link Session} or a
 * typed {@link Rejection}.
 *
 * <p>Only a verifier creates results; an accepted verification means every check passed.
 *
 * <pre>{@code
 * Verification v = verifier.verify(token);
 * if (v.isAccepted()) {
 *   Session s = v.session().orElseThrow();
 * } else {
 *   log.info("rejected: {}", v.rejection().orElseThrow());
 * }
 * }</pre>
 */
public final class Verification {
  private final Session session;
  private final Rejection rejection;
  private final String detail;
  private final Rejection anomaly;

  private Verification(Session session, Rejection rejection, String detail, Rejection anomaly) {
    this.session = session;
    this.rejection = rejection;
    this.detail = detail;
    this.anomaly = anomaly;
  }

  static Verification accepted(Session session) {
    return new Verification(Objects.requireNonNull(session, "session"), null, "", null);
  }

  /** Accepted, but a check configured to report rather than reject did not pass. */
  static Verification acceptedWithAnomaly(Session session, Rejection anomaly, String detail) {
    return new Verification(
        Objects.requireNonNull(session, "session"), null, detail, Objects.requireNonNull(anomaly, "anomaly"));
  }

  static Verification rejected(Rejection rejection, String detail) {
    return new Verification(null, Objects.requireNonNull(rejection, "rejection"), detail, null);
  }

  /** Whether every check passed. */
  public boolean isAccepted() {
    return session != null;
  }

  /** The session, when accepted. */
  public Optional<Session> session() {
    return Optional.ofNullable(session);
  }

  /** The reason, when rejected. */
  public Optional<Rejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  /**
   * For an accepted token, the check that failed but was configured only to report (today:
   * {@link Rejection#CONTEXT_MISMATCH} under {@link ContextPolicy#REPORT_ONLY}); empty otherwise.
   */
  public Optional<Rejection> anomaly() {
    return Optional.ofNullable(anomaly);
  }

  /**
   * A short, log-safe explanation of a rejection or anomaly (for example {@code "alg A128KW not allowed"});
   * empty when accepted. It never contains the token, a key, or a claim value.
   *
   * <p><b>Security:</b> for logs only; never send it to the client.
   */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return session != null
        ? "Verification{accepted" + (anomaly == null ? "" : " with anomaly " + anomaly) + ", " + session + "}"
        : "Verification{rejected " + rejection + (detail.isEmpty() ? "" : ": " + detail) + "}";
  }
}
