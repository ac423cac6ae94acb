package dev.signet.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisAddressTest {
  @Test
  void plainUrl_defaultsPortDatabaseAndPrefix() {
    RedisAddress a = RedisAddress.parse("redis://cache.internal");

    assertEquals(RedisAddress.Mode.STANDALONE, a.mode);
    assertFalse(a.tls);
    assertEquals(List.of(new HostAndPort("cache.internal", 6379)), a.nodes);
    assertEquals(0, a.database);
    assertNull(a.user);
    assertNull(a.prefix);
  }

  @Test
  void tlsUrl_withUserDatabaseAndPrefix() {
    RedisAddress a = RedisAddress.parse("REDISS://signet@10.0.0.5:6380/2?prefix=gw1:");

    assertTrue(a.tls);
    assertEquals("signet", a.user);
    assertEquals(List.of(new HostAndPort("10.0.0.5", 6380)), a.nodes);
    assertEquals(2, a.database);
    assertEquals("gw1:", a.prefix);
  }

  @Test
  void sentinelUrl_readsSentinelsWithTheirDefaultPortAndTheMasterName() {
    RedisAddress a = RedisAddress.parse("redis-sentinel://u@s1,s2:26380,[::1]/mymaster/3");

    assertEquals(RedisAddress.Mode.SENTINEL, a.mode);
    assertEquals(List.of(new HostAndPort("s1", 26379), new HostAndPort("s2", 26380), new HostAndPort("::1", 26379)), a.nodes);
    assertEquals("mymaster", a.master);
    assertEquals(3, a.database);
  }

  @Test
  void clusterUrl_readsSeedNodes_overTls() {
    RedisAddress a = RedisAddress.parse("rediss-cluster://n1:7000,n2:7001");

    assertEquals(RedisAddress.Mode.CLUSTER, a.mode);
    assertTrue(a.tls);
    assertEquals(2, a.nodes.size());
    assertEquals("cluster n1:7000,n2:7001", a.describe());
  }

  @Test
  void urlWithAPassword_isRefusedAndTheMessageNeverContainsIt() {
    for (String url : new String[] {"redis://u:s3cr3t@h", "redis://:s3cr3t@h", "rediss-cluster://u:s3cr3t@a,b",
        "redis://u:s3/cr?3t@h", "redis://u:s3cr3t@h/0?prefix=p"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(url), url);
      assertTrue(e.getMessage().startsWith("a password in the URL is refused"), e.getMessage());
      assertFalse(e.getMessage().contains("s3"), e.getMessage());
      assertFalse(RedisAddress.redact(url).contains("s3"), RedisAddress.redact(url));
    }
  }

  @Test
  void redact_keepsUrlsWithoutAPasswordAsTheyAre() {
    assertEquals("redis://u@h:1/0?prefix=a", RedisAddress.redact("redis://u@h:1/0?prefix=a"));
    assertEquals("redis://u:***@h:1", RedisAddress.redact("redis://u:pw@h:1"));
  }

  @Test
  void malformedUrls_areRefusedNamingWhatIsWrong() {
    String[][] cases = {
      {"redis://", "a host is required"},
      {"redis://h:0", "the port"},
      {"redis://h:abc", "the port"},
      {"redis://a,b", "one host only"},
      {"redis://h/x", "the database"},
      {"redis://h/1/2", "a path other than /DB"},
      {"redis://h?db=1", "the only query parameter"},
      {"redis://h#f", "a fragment"},
      {"redis-sentinel://s1", "master name is missing"},
      {"redis-cluster://n1/1", "only database 0"},
      {"memcached://h", "the scheme must be"},
      {"h:6379", "expected redis://"},
      {"redis://@h", "user name"},
      {"redis://h o", "the host contains"},
    };
    for (String[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(c[0]), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
    }
  }
}
