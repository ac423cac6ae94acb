package dev.signet;

/**
 * Told of every verification a {@link TokenVerifier} makes, with its outcome and duration: the
 * hook metrics hang on (see {@code dev.signet.metrics.VerifierMetrics}).
 *
 * <p>Implementations must be fast, must not block and must be thread-safe: they run on the
 * verifying thread, once per {@link TokenVerifier#verify} call. An exception thrown by an
 * observer is ignored; it never changes the verification.
 */
@FunctionalInterface
public interface VerificationObserver {
  /** An observer that ignores every verification; the default. */
  VerificationObserver NONE = (verification, cacheHit, nanos) -> {};

  /**
   * Called once per verification, after it was decided.
   *
   * @param verification the result
   * @param cacheHit whether the token was found in the verifier's cache of verified tokens (so
   *     only the per-call checks ran)
   * @param nanos how long the verification took, in nanoseconds
   */
  void onVerification(Verification verification, boolean cacheHit, long nanos);
}
