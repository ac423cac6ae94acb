package dev.signet.revocation;

import dev.signet.redis.RedisConnector;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The guard of a {@link RedisMirror} against a wiped Redis: it reads the generation marker
 * ({@link RedisWire}) after every resync and heartbeat, and when the marker is gone (Redis
 * restarted without persistence, flushed) or replaced (another data set), writes a new one (the
 * first mirror to do so wins, the others adopt it) and writes back every live entry the mirror
 * holds that Redis lacks, so no acknowledged revocation is lost while any one mirror that saw it
 * survives. Used only from the mirror's worker thread; the counters are read from any thread.
 */
final class RedisWipeGuard {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationList.class);
  private static final int RESEED_BATCH = 256;

  private final RedisConnector connector;
  private final RedisWire wire;
  private final Clock clock;
  /** The mirror's live entries (key suffix to expiry, epoch ms). */
  private final Map<String, Long> entries;
  private final SecureRandom random = new SecureRandom();
  private String generation;

  final AtomicLong wipes = new AtomicLong();
  final AtomicLong republished = new AtomicLong();
  volatile long lastWipeAt = Long.MIN_VALUE;

  RedisWipeGuard(RedisConnector connector, RedisWire wire, Clock clock, Map<String, Long> entries) {
    this.connector = connector;
    this.wire = wire;
    this.clock = clock;
    this.entries = entries;
  }

  /** Checks the marker on {@code c} (the subscription's node) and re-seeds after a wipe. */
  void check(Jedis c) {
    String key = wire.generationKey();
    String g = c.get(key);
    if (g != null && g.equals(generation)) {
      return;
    }
    if (g == null) {
      byte[] b = new byte[16];
      random.nextBytes(b);
      c.set(key, HexFormat.of().formatHex(b), SetParams.setParams().nx());
      g = c.get(key);
      if (g == null) {
        throw new IllegalStateException("the generation marker vanished right after it was written");
      }
    }
    String previous = generation;
    generation = g;
    if (previous != null) {
      reseed(c, previous);
    }
  }

  private void reseed(Jedis c, String previous) {
    long now = clock.millis();
    List<Map.Entry<String, Long>> live = new ArrayList<>();
    for (Map.Entry<String, Long> e : entries.entrySet()) {
      if (e.getValue() > now) {
        live.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    long written = 0;
    for (int from = 0; from < live.size(); from += RESEED_BATCH) {
      List<Map.Entry<String, Long>> batch = live.subList(from, Math.min(live.size(), from + RESEED_BATCH));
      List<String> keys = new ArrayList<>(batch.size());
      List<String> args = new ArrayList<>(batch.size() + 2);
      args.add(wire.channel());
      args.add(Integer.toString(wire.tag().length()));
      for (Map.Entry<String, Long> e : batch) {
        keys.add(wire.key(e.getKey()));
        args.add(Long.toString(e.getValue()));
      }
      written += ((Number) c.eval(RedisWire.RESEED_SCRIPT, keys, args)).longValue();
    }
    wipes.incrementAndGet();
    republished.addAndGet(written);
    lastWipeAt = clock.millis();
    LOG.warn("Redis at {} lost its revocation list (generation marker {} is gone or replaced): "
        + "wrote back {} of the {} live entries this mirror holds", connector.where(),
        previous, written, live.size());
  }

}
