package dev.signet.metrics;

import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.RevocationList;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * The state of a revocation list's local mirror.
 *
 * <p>Meters:
 *
 * <ul>
 *   <li>{@code signet.revocations.entries} (gauge): entries held in local memory (expired ones
 *       not yet purged included); NaN for a list of another kind;
 *   <li>{@code signet.revocations.staleness} (gauge, seconds): how long ago a
 *       {@link RedisRevocationList}'s mirror was last proven complete (0 for a list read
 *       locally; NaN before the first proof);
 *   <li>{@code signet.revocations.fresh} (gauge): 1 while the list can answer
 *       ({@link #isFresh()}), 0 while verifications are refused as
 *       {@code REVOCATION_UNAVAILABLE};
 *   <li>{@code signet.revocations.wipes} (counter): how often a {@link RedisRevocationList}'s
 *       mirror found the Redis data wiped or replaced (its generation marker gone or changed)
 *       and wrote its live entries back; 0 for other lists;
 *   <li>{@code signet.revocations.written.back} (counter): entries written back after wipes.
 * </ul>
 */
public final class RevocationMetrics implements MeterBinder {
  private final RevocationList list;

  /** Meters over {@code list}. */
  public RevocationMetrics(RevocationList list) {
    this.list = Objects.requireNonNull(list, "list");
  }

  /**
   * Whether the list can answer now: a Redis mirror within its staleness bound, a revocation
   * log whose last read succeeded; always for lists held in memory.
   */
  public boolean isFresh() {
    if (list instanceof RedisRevocationList) {
      return ((RedisRevocationList) list).isFresh();
    }
    if (list instanceof FileRevocationList) {
      return ((FileRevocationList) list).isFresh();
    }
    return true;
  }

  double entries() {
    if (list instanceof RedisRevocationList) {
      return ((RedisRevocationList) list).size();
    }
    if (list instanceof FileRevocationList) {
      return ((FileRevocationList) list).size();
    }
    if (list instanceof InMemoryRevocationList) {
      return ((InMemoryRevocationList) list).size();
    }
    return Double.NaN;
  }

  double stalenessSeconds() {
    if (list instanceof RedisRevocationList) {
      return ((RedisRevocationList) list).mirrorAge().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }
    return 0;
  }

  double wipes() {
    return list instanceof RedisRevocationList ? ((RedisRevocationList) list).wipesDetected() : 0;
  }

  double writtenBack() {
    return list instanceof RedisRevocationList ? ((RedisRevocationList) list).entriesWrittenBack() : 0;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("signet.revocations.wipes", this, RevocationMetrics::wipes)
        .description("Times the Redis store was found wiped or replaced and re-seeded from this mirror")
        .register(registry);
    FunctionCounter.builder("signet.revocations.written.back", this, RevocationMetrics::writtenBack)
        .description("Revocation entries written back to Redis after a wipe").register(registry);
    Gauge.builder("signet.revocations.entries", this, RevocationMetrics::entries)
        .description("Revocation entries in local memory").register(registry);
    Gauge.builder("signet.revocations.staleness", this, RevocationMetrics::stalenessSeconds)
        .baseUnit("seconds").description("Age of the revocation mirror's last proof of completeness")
        .register(registry);
    Gauge.builder("signet.revocations.fresh", this, m -> m.isFresh() ? 1 : 0)
        .description("1 while the revocation list can answer, else 0").register(registry);
  }

  @Override
  public String toString() {
    return "RevocationMetrics{" + list.getClass().getSimpleName() + ", fresh=" + isFresh() + "}";
  }
}
