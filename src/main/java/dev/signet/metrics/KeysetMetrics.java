package dev.signet.metrics;

import dev.signet.keys.KeysetFileException;
import dev.signet.keys.ReloadingKeyset;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The reloads of a {@link ReloadingKeyset}.
 *
 * <p>Meters:
 *
 * <ul>
 *   <li>{@code signet.keyset.generation} (gauge): keysets loaded so far (1 at start, one more
 *       per reload that changed the keys);
 *   <li>{@code signet.keyset.age} (gauge, seconds): time since the keyset in use was loaded;
 *   <li>{@code signet.keyset.reload.error} (gauge), tag {@code reason} (each
 *       {@link KeysetFileException.Reason}): 1 for the reason the last check refused the file,
 *       0 for the others; all 0 when the file in place is the one in use. The keyset in use
 *       stays the last good one.
 * </ul>
 */
public final class KeysetMetrics implements MeterBinder {
  private final ReloadingKeyset keyset;

  /** Meters over {@code keyset}. */
  public KeysetMetrics(ReloadingKeyset keyset) {
    this.keyset = Objects.requireNonNull(keyset, "keyset");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("signet.keyset.generation", keyset, k -> k.generation())
        .description("Keysets loaded since start").register(registry);
    Gauge.builder("signet.keyset.age", keyset, k -> Duration.between(k.loadedAt(), Instant.now()).toMillis() / 1000.0)
        .baseUnit("seconds").description("Time since the keyset in use was loaded").register(registry);
    for (KeysetFileException.Reason reason : KeysetFileException.Reason.values()) {
      Gauge.builder("signet.keyset.reload.error", keyset,
              k -> k.lastError().map(e -> e.reason() == reason ? 1.0 : 0.0).orElse(0.0))
          .tag("reason", reason.name())
          .description("1 when the last reload refused the keyset file for this reason").register(registry);
    }
  }

  @Override
  public String toString() {
    return "KeysetMetrics{" + keyset.file().path() + "}";
  }
}
