package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.RevocationTestSessions;
import dev.signet.Session;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * Acceptance 4 of the revocation issue, at one million live entries. Opt-in, because it takes
 * tens of seconds and a few hundred MB: {@code mvn test -Dtest=RevocationScaleTest -Dsignet.scale=true}.
 * The JMH figure for the lookup comes from {@code RevocationLookupBenchmark}.
 */
@EnabledIfSystemProperty(named = "signet.scale", matches = "true")
class RevocationScaleTest {
  private static final int ENTRIES = 1_000_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }

  @Test
  void oneMillionEntries_lookupStaysLocalMemoryFast_andSmall() {
    long heapBefore = usedHeap();
    InMemoryRevocationList list = new InMemoryRevocationList();
    Instant expires = Instant.now().plus(Duration.ofHours(12));
    for (int i = 0; i < ENTRIES; i++) {
      String id = randomId();
      list.revoke((i & 1) == 0 ? Revocation.token(id, expires) : Revocation.session(id, expires));
    }
    long heapAfter = usedHeap();
    Session[] probes = new Session[16_384];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = RevocationTestSessions.of("user" + i, randomId(), randomId(), Instant.now());
    }
    long sink = 0;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 1_000_000; i++) {
        sink += list.check(probes[i & (probes.length - 1)]).ordinal();
      }
      best = Math.min(best, System.nanoTime() - t0);
    }
    double nsPerLookup = best / 1_000_000.0;
    double bytesPerEntry = (heapAfter - heapBefore) / (double) ENTRIES;
    System.out.printf("revocation index, %d live entries: %.1f ns per lookup (best of 20 rounds of 1M, miss),"
        + " %.1f bytes per entry (heap growth)%n", list.size(), nsPerLookup, bytesPerEntry);
    assertEquals(0, sink);
    assertEquals(ENTRIES, list.size());
    assertTrue(bytesPerEntry < 64, bytesPerEntry + " bytes per entry");
  }

  @Test
  void redisResyncOfOneMillionEntries_completes() throws Exception {
    RedisSupport.assumeRedis();
    String prefix = RedisSupport.uniquePrefix();
    try {
      long expires = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
      String value = Long.toString(expires);
      long w0 = System.nanoTime();
      try (Jedis j = new Jedis(RedisSupport.HOST, RedisSupport.PORT, 30_000)) {
        Pipeline p = j.pipelined();
        for (int i = 0; i < ENTRIES; i++) {
          p.set(new RedisWire(prefix).key(((i & 1) == 0 ? "t:" : "s:") + randomId()), value, new SetParams().pxAt(expires));
          if ((i & 8191) == 8191) {
            p.sync();
          }
        }
        p.sync();
      }
      long writeMs = (System.nanoTime() - w0) / 1_000_000;
      long t0 = System.nanoTime();
      try (RedisRevocationList list = RedisRevocationList.builder(RedisSupport.HOST, RedisSupport.PORT)
          .keyPrefix(prefix).startTimeout(Duration.ofMinutes(5)).build()) {
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("redis resync of %d entries: %d ms (open to first sync %d ms; writing them took %d ms)%n",
            list.size(), list.lastResyncMillis(), openMs, writeMs);
        assertEquals(ENTRIES, list.size());
      }
    } finally {
      RedisSupport.deleteAll(prefix);
    }
  }
}
