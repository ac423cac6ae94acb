package dev.signet;

/** What a verifier does when a token's bound client context does not match the request. */
public enum ContextPolicy {
  /** Reject the token with {@link Rejection#CONTEXT_MISMATCH}. */
  REJECT,

  /**
   * Accept the token but mark the verification as an anomaly ({@link Verification#anomaly()}),
   * which a {@link SessionManager} reports as a {@link SessionEvent.Type#CONTEXT_ANOMALY} event.
   * Suits users whose address changes often (mobile networks, VPNs).
   */
  REPORT_ONLY
}
