package dev.signet.metrics;

import dev.signet.Rejection;
import dev.signet.Verification;
import dev.signet.VerificationObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The verifications of a {@link dev.signet.TokenVerifier}: pass it to the verifier as its
 * observer, and bind it to a registry.
 *
 * <pre>{@code
 * VerifierMetrics metrics = new VerifierMetrics();
 * TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("api")
 *     .observer(metrics).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Meters (every reason is registered at 0, so a rate can be taken before the first one):
 *
 * <ul>
 *   <li>{@code signet.verifications} (counter), tags {@code outcome} ({@code accepted},
 *       {@code rejected}) and {@code reason} ({@code none}, or the {@link Rejection} name);
 *   <li>{@code signet.verification.duration} (timer with a histogram from 25 µs to 100 ms);
 *   <li>{@code signet.verifier.cache} (counter), tag {@code result} ({@code hit}, {@code miss}):
 *       whether the verifier's cache of verified tokens spared the cryptography.
 * </ul>
 *
 * <p>Thread-safe. Verifications before {@link #bindTo} are not counted. Binding to several
 * registries records into each.
 */
public final class VerifierMetrics implements MeterBinder, VerificationObserver {
  private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
  private final Counter accepted;
  private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
  private final Counter hits;
  private final Counter misses;
  private final Timer duration;

  /** Meters not yet bound to any registry. */
  public VerifierMetrics() {
    accepted = verifications("accepted", "none");
    for (Rejection r : Rejection.values()) {
      rejected.put(r, verifications("rejected", r.name()));
    }
    hits = Counter.builder("signet.verifier.cache").tag("result", "hit")
        .description("Verifications answered from the cache of verified tokens").register(meters);
    misses = Counter.builder("signet.verifier.cache").tag("result", "miss")
        .description("Verifications answered from the cache of verified tokens").register(meters);
    duration = Timer.builder("signet.verification.duration")
        .description("Time to verify one token")
        .serviceLevelObjectives(micros(25), micros(50), micros(100), micros(250), micros(500),
            micros(1000), micros(2500), micros(5000), micros(10_000), micros(25_000), micros(100_000))
        .register(meters);
  }

  private Counter verifications(String outcome, String reason) {
    return Counter.builder("signet.verifications").tag("outcome", outcome).tag("reason", reason)
        .description("Tokens verified, by outcome and rejection reason").register(meters);
  }

  private static Duration micros(long us) {
    return Duration.ofNanos(us * 1000);
  }

  @Override
  public void onVerification(Verification verification, boolean cacheHit, long nanos) {
    if (verification.isAccepted()) {
      accepted.increment();
    } else {
      rejected.get(verification.rejection().orElseThrow()).increment();
    }
    (cacheHit ? hits : misses).increment();
    duration.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    meters.add(registry);
  }
}
