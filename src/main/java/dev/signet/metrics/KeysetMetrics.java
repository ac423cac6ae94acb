package dev.signet.metrics;

import dev.signet.keys.KeysetFileException;
import dev.signet.keys.RedisKeyset;
import dev.signet.keys.ReloadingKeyset;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The reloads of a {@link ReloadingKeyset} (a keyset file) or a {@link RedisKeyset}.
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
 *       stays the last good one. For a keyset in Redis, {@code IO} means Redis is unreachable;
 *   <li>{@code signet.keyset.stale} (gauge): 1 while the keyset in use may not be the one
 *       stored (the last check failed or was refused; for Redis also: no answer for more than
 *       two poll intervals), else 0. Verification goes on with the keyset in use.
 * </ul>
 */
public final class KeysetMetrics implements MeterBinder {
  private final String source;
  private final LongSupplier generation;
  private final Supplier<Instant> loadedAt;
  private final Supplier<Optional<KeysetFileException>> lastError;
  private final BooleanSupplier stale;

  /** Meters over a keyset file followed by {@code keyset}. */
  public KeysetMetrics(ReloadingKeyset keyset) {
    Objects.requireNonNull(keyset, "keyset");
    this.source = keyset.file().path().toString();
    this.generation = keyset::generation;
    this.loadedAt = keyset::loadedAt;
    this.lastError = keyset::lastError;
    this.stale = () -> keyset.lastError().isPresent();
  }

  /** Meters over a keyset in Redis followed by {@code keyset}. */
  public KeysetMetrics(RedisKeyset keyset) {
    Objects.requireNonNull(keyset, "keyset");
    this.source = keyset.store().location();
    this.generation = keyset::generation;
    this.loadedAt = keyset::loadedAt;
    this.lastError = keyset::lastError;
    this.stale = keyset::isStale;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("signet.keyset.generation", this, m -> m.generation.getAsLong())
        .strongReference(true).description("Keysets loaded since start").register(registry);
    Gauge.builder("signet.keyset.age", this, m -> Duration.between(m.loadedAt.get(), Instant.now()).toMillis() / 1000.0)
        .strongReference(true).baseUnit("seconds").description("Time since the keyset in use was loaded")
        .register(registry);
    Gauge.builder("signet.keyset.stale", this, m -> m.stale.getAsBoolean() ? 1.0 : 0.0)
        .strongReference(true)
        .description("1 while the keyset in use may not be the one stored (source unreachable or refused)")
        .register(registry);
    for (KeysetFileException.Reason reason : KeysetFileException.Reason.values()) {
      Gauge.builder("signet.keyset.reload.error", this,
              m -> m.lastError.get().map(e -> e.reason() == reason ? 1.0 : 0.0).orElse(0.0))
          .tag("reason", reason.name()).strongReference(true)
          .description("1 when the last reload refused the keyset for this reason").register(registry);
    }
  }

  @Override
  public String toString() {
    return "KeysetMetrics{" + source + "}";
  }
}
