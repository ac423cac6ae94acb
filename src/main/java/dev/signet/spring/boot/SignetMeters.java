package dev.signet.spring.boot;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;

/**
 * Signet's gauges: {@code signet.keyset.age} (seconds since the newest active key became
 * active: it should drop at every scheduled rotation), {@code signet.revocations.fresh} (1 while
 * the revocation store can answer, 0 when requests get 503) and {@code signet.revocations.entries}.
 */
final class SignetMeters implements MeterBinder {
  private final SignetHealth health;

  SignetMeters(SignetHealth health) {
    this.health = health;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("signet.keyset.age", health, h -> h.keysetAge().map(Duration::getSeconds).orElse(-1L))
        .baseUnit("seconds")
        .description("Time since the newest active key of the keyset became active")
        .register(registry);
    Gauge.builder("signet.revocations.fresh", health, h -> h.isUp() ? 1 : 0)
        .description("1 while the revocation store can answer, 0 when sessions cannot be checked")
        .register(registry);
    Gauge.builder("signet.revocations.entries", health, SignetHealth::revocationEntries)
        .description("Entries in the local revocation list")
        .register(registry);
  }
}
