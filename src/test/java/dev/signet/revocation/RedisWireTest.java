package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisWireTest {
  @Test
  void builderKeyPrefix_withBraces_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> RedisRevocationList.builder("redis://h").keyPrefix("a{b}"));
  }

  @Test
  void everyNameOfOnePrefix_isInOneClusterHashSlot() {
    RedisWire w = new RedisWire("signet:revocation:");
    int slot = redis.clients.jedis.util.JedisClusterCRC16.getSlot(w.generationKey());

    for (Revocation r : List.of(Revocation.token("j", java.time.Instant.now()), Revocation.session("s", java.time.Instant.now()),
        Revocation.subject("a:b", java.time.Instant.EPOCH, java.time.Instant.now()),
        Revocation.global(java.time.Instant.EPOCH, java.time.Instant.now()))) {
      assertEquals(slot, redis.clients.jedis.util.JedisClusterCRC16.getSlot(w.key(r)), w.key(r));
    }
    assertEquals(slot, redis.clients.jedis.util.JedisClusterCRC16.getSlot(w.channel()));
  }
}
