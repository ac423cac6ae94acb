package dev.signet.cli;

import dev.signet.keys.KeysetFileException;
import dev.signet.keys.KeysetSource;
import dev.signet.keys.RedisKeyset;
import dev.signet.keys.ReloadingKeyset;
import dev.signet.metrics.KeysetMetrics;
import java.time.Duration;
import java.time.Instant;

/**
 * The keyset {@code signet serve} follows: a keyset file ({@link ReloadingKeyset}) or a keyset
 * in Redis ({@link RedisKeyset}), with its meters and the line {@code /healthz} answers.
 */
final class FollowedKeyset implements AutoCloseable {
  private final ReloadingKeyset file;
  private final RedisKeyset redis;

  private FollowedKeyset(ReloadingKeyset file, RedisKeyset redis) {
    this.file = file;
    this.redis = redis;
  }

  /** Loads the keyset {@code keys} names and starts following it; a configuration error (exit 3) if it does not load. */
  static FollowedKeyset start(KeysetOptions keys, Duration interval) {
    try {
      if (keys.inRedis()) {
        return new FollowedKeyset(null, RedisKeyset.builder(keys.store()).pollInterval(interval).start());
      }
      return new FollowedKeyset(ReloadingKeyset.builder(keys.file()).interval(interval).start(), null);
    } catch (KeysetFileException e) {
      throw KeysetOptions.config(e);
    }
  }

  KeysetSource source() {
    return file != null ? file : redis;
  }

  KeysetMetrics metrics() {
    return file != null ? new KeysetMetrics(file) : new KeysetMetrics(redis);
  }

  /**
   * One line for {@code /healthz}: {@code keyset fresh generation=N} or {@code keyset stale
   * generation=N age=Ss reason=REASON}; never a location, key or message that could hold one.
   */
  String health() {
    boolean stale = file != null ? file.lastError().isPresent() : redis.isStale();
    long generation = file != null ? file.generation() : redis.generation();
    Instant loaded = file != null ? file.loadedAt() : redis.loadedAt();
    StringBuilder b = new StringBuilder("keyset ").append(stale ? "stale" : "fresh")
        .append(" generation=").append(generation)
        .append(" age=").append(Duration.between(loaded, Instant.now()).toSeconds()).append('s');
    (file != null ? file.lastError() : redis.lastError()).ifPresent(e -> b.append(" reason=").append(e.reason()));
    return b.append('\n').toString();
  }

  @Override
  public void close() {
    if (file != null) {
      file.close();
    } else {
      redis.close();
    }
  }
}
