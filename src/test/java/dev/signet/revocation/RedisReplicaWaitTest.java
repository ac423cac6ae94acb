package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Acceptance 7 of the production-Redis issue: {@code revoke} with a replica wait. */
class RedisReplicaWaitTest {
  @TempDir static Path dir;
  static RedisProcess master;
  static RedisProcess replica;

  @BeforeAll
  static void start() throws Exception {
    master = RedisProcess.start(dir.resolve("master"));
    replica = RedisProcess.start(dir.resolve("replica"), "--replicaof", "127.0.0.1", Integer.toString(master.port()));
    Eventually.await("replication link up", Duration.ofSeconds(20), () -> {
      try (Jedis j = replica.client()) {
        return j.info("replication").contains("master_link_status:up");
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    for (RedisProcess r : new RedisProcess[] {replica, master}) {
      if (r != null) {
        r.close();
      }
    }
  }

  private static RedisRevocationList writer(Duration timeout) throws IOException {
    return RedisRevocationList.builder("redis://127.0.0.1:" + master.port()).mirror(false)
        .waitForReplicas(1, timeout).build();
  }

  @Test
  void revokeWithReplicaWait_returnsOnlyAfterTheReplicaHasTheEntry() throws Exception {
    Revocation entry = Revocation.session("sid-" + System.nanoTime(), Instant.now().plus(Duration.ofHours(1)));
    String key = new RedisWire(RedisRevocationList.DEFAULT_KEY_PREFIX).key(entry);
    try (RedisRevocationList w = writer(Duration.ofSeconds(20))) {
      replica.signal("STOP");
      CompletableFuture<Void> revoked;
      try {
        revoked = CompletableFuture.runAsync(() -> {
          try {
            w.revoke(entry);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
        // The master has the entry at once; revoke must still be waiting for the stopped replica.
        Eventually.await("the write on the master", Duration.ofSeconds(10), () -> {
          try (Jedis m = master.client()) {
            return m.get(key) != null;
          }
        });
        Thread.sleep(300);
        assertFalse(revoked.isDone(), "revoke returned while the replica was stopped");
      } finally {
        replica.signal("CONT");
      }
      revoked.get(20, TimeUnit.SECONDS);
      try (Jedis r = replica.client()) {
        assertNotNull(r.get(key), "the replica lacks the entry when revoke returned");
      }
    }
  }

  @Test
  void revokeWithReplicaWait_replicaNeverConfirms_isAnIOExceptionSayingSo() throws Exception {
    Revocation entry = Revocation.token("jti-" + System.nanoTime(), Instant.now().plus(Duration.ofHours(1)));
    try (RedisRevocationList w = writer(Duration.ofMillis(300))) {
      replica.signal("STOP");
      IOException e;
      try {
        e = assertThrows(IOException.class, () -> w.revoke(entry));
      } finally {
        replica.signal("CONT");
      }
      assertTrue(e.getMessage().contains("only 0 of 1 replicas confirmed it within 300 ms"), e.getMessage());
    }
  }

  @Test
  void defaultWait_isNone() throws Exception {
    Revocation entry = Revocation.token("jti-" + System.nanoTime(), Instant.now().plus(Duration.ofHours(1)));
    try (RedisRevocationList w = RedisRevocationList.builder("redis://127.0.0.1:" + master.port()).mirror(false).build()) {
      replica.signal("STOP");
      try {
        w.revoke(entry);
      } finally {
        replica.signal("CONT");
      }
      try (Jedis m = master.client()) {
        assertEquals(Long.toString(entry.expiresAt().toEpochMilli()),
            m.get(new RedisWire(RedisRevocationList.DEFAULT_KEY_PREFIX).key(entry)));
      }
    }
  }
}
