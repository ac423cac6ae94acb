package dev.signet.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RedisOptionsTest {
  @Test
  void build_userWithoutAPassword_isRefusedNamingTheWays() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RedisOptions.builder("redis://signet@h:6379").build());
    assertTrue(e.getMessage().contains("passwordFromEnvironment"), e.getMessage());
  }

  @Test
  void build_tlsFilesWithoutTls_isRefused() {
    assertThrows(IllegalStateException.class,
        () -> RedisOptions.builder("redis://h").trustedCertificates(Path.of("ca.pem")).build());
  }

  @Test
  void builder_urlWithAPassword_isRefusedWithoutRepeatingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisOptions.builder("redis://u:hunter2@h"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void toString_neverHoldsThePassword() {
    RedisOptions o = RedisOptions.builder("rediss://u@h:6380").password("hunter2".toCharArray()).build();
    assertFalse(o.toString().contains("hunter2"), o.toString());
    assertTrue(o.tls());
    assertEquals("u", o.user().orElseThrow());
  }

  @Test
  void sameDeployment_comparesNodesModeAndDatabase() {
    RedisOptions a = RedisOptions.builder("redis://h:1/2").build();
    assertTrue(a.sameDeployment(RedisOptions.builder("redis://h:1/2?prefix=x").build()));
    assertFalse(a.sameDeployment(RedisOptions.builder("redis://h:1/3").build()));
    assertFalse(a.sameDeployment(RedisOptions.builder("redis://h:2/2").build()));
  }

  @Test
  void isRedisUrl_knowsEveryScheme_andNotAPath() {
    for (String s : new String[] {"redis://h/k", "REDISS://h/k", "redis-sentinel://h/m/k", "rediss-cluster://h/k"}) {
      assertTrue(RedisOptions.isRedisUrl(s), s);
    }
    assertFalse(RedisOptions.isRedisUrl("/etc/signet/redis://keyset.json"));
    assertFalse(RedisOptions.isRedisUrl("keyset.json"));
  }
}
