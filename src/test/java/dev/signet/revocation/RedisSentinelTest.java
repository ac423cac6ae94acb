package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.RevocationTestSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Acceptance 3 of the production-Redis issue: a master, a replica and three sentinels; the
 * master is killed during a stream of revocations; after the failover every acknowledged
 * revocation is enforced by every gateway, and new ones reach them through the new master.
 */
class RedisSentinelTest {
  private static final String MASTER = "signet-test";

  @TempDir Path dir;

  @Test
  void masterKilledDuringAStreamOfRevokes_everyAcknowledgedRevocationIsEnforcedByEveryGatewayAfterFailover()
      throws Exception {
    List<AutoCloseable> toClose = new ArrayList<>();
    try {
      RedisProcess master = RedisProcess.start(dir.resolve("master"));
      toClose.add(master);
      RedisProcess replica = RedisProcess.start(dir.resolve("replica"), "--replicaof", "127.0.0.1",
          Integer.toString(master.port()));
      toClose.add(replica);
      List<RedisProcess> sentinels = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RedisProcess s = RedisProcess.sentinel(dir.resolve("sentinel" + i), MASTER, master.port(), 2);
        sentinels.add(s);
        toClose.add(s);
      }
      // Failover needs every sentinel to know the replica and the two other sentinels.
      Eventually.await("sentinels ready", Duration.ofSeconds(30), () -> sentinels.stream().allMatch(s -> {
        try (Jedis j = s.client()) {
          Map<String, String> m = j.sentinelMaster(MASTER);
          return "1".equals(m.get("num-slaves")) && "2".equals(m.get("num-other-sentinels"));
        }
      }));
      String url = "redis-sentinel://127.0.0.1:" + sentinels.get(0).port() + ",127.0.0.1:" + sentinels.get(1).port()
          + ",127.0.0.1:" + sentinels.get(2).port() + "/" + MASTER;
      List<RedisRevocationList> gateways = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        RedisRevocationList g = RedisRevocationList.builder(url).heartbeatInterval(Duration.ofMillis(200))
            .stalenessBound(Duration.ofSeconds(2)).build();
        gateways.add(g);
        toClose.add(g);
      }
      RedisRevocationList writer = RedisRevocationList.builder(url).mirror(false)
          .waitForReplicas(1, Duration.ofSeconds(2)).build();
      toClose.add(writer);

      List<Revocation> acknowledged = new CopyOnWriteArrayList<>();
      AtomicInteger failed = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      Instant expires = Instant.now().plus(Duration.ofHours(1));
      Thread stream = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          Revocation r = Revocation.session("failover-" + i, expires);
          try {
            writer.revoke(r);
            acknowledged.add(r);
          } catch (IOException e) {
            failed.incrementAndGet();
            try {
              Thread.sleep(20);
            } catch (InterruptedException stopped) {
              return;
            }
          }
        }
      }, "revoke-stream");
      stream.start();
      Eventually.await("revocations before the kill", Duration.ofSeconds(20), () -> acknowledged.size() >= 50);
      master.kill();
      Eventually.await("failover to the replica", Duration.ofSeconds(30), () -> {
        try (Jedis j = sentinels.get(0).client()) {
          return Integer.toString(replica.port()).equals(j.sentinelGetMasterAddrByName(MASTER).get(1));
        }
      });
      stop.set(true);
      stream.join(30_000);
      assertTrue(failed.get() > 0, "no revoke failed while the master was down");

      // A revocation written through the new master also reaches both gateways.
      RedisRevocationList after = RedisRevocationList.builder(url).mirror(false).build();
      toClose.add(after);
      Revocation late = Revocation.token("after-failover", expires);
      after.revoke(late);

      for (RedisRevocationList g : gateways) {
        Eventually.await("gateway fresh after failover", Duration.ofSeconds(30), g::isFresh);
        Eventually.await("the post-failover revocation", Duration.ofSeconds(10),
            () -> g.check(RevocationTestSessions.withTokenId("after-failover")) == RevocationList.Status.REVOKED);
        for (Revocation r : acknowledged) {
          assertEquals(RevocationList.Status.REVOKED,
              g.check(RevocationTestSessions.of("s", r.id().orElseThrow(), "j", Instant.now())), r.id().orElseThrow());
        }
      }
      System.out.printf("sentinel failover: %d revocations acknowledged, %d refused while the master was down%n",
          acknowledged.size(), failed.get());
    } finally {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        toClose.get(i).close();
      }
    }
  }
}
