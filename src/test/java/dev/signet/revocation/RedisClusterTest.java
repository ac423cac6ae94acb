package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.RevocationTestSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Acceptance 4 of the production-Redis issue: a Cluster of three masters with a password;
 * revocations written through any seed node reach gateways seeded with any node.
 */
class RedisClusterTest {
  private static final String PASSWORD = "cluster-secret";

  @TempDir Path dir;

  @Test
  void revocationsFromAnyNode_reachGatewaysSubscribedThroughAnyNode() throws Exception {
    List<AutoCloseable> toClose = new ArrayList<>();
    try {
      List<RedisProcess> nodes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RedisProcess n = RedisProcess.start(dir.resolve("node" + i), "--cluster-enabled", "yes",
            "--cluster-config-file", dir.resolve("node" + i).resolve("nodes.conf").toString(),
            "--cluster-node-timeout", "2000", "--requirepass", PASSWORD, "--masterauth", PASSWORD);
        nodes.add(n);
        toClose.add(n);
      }
      int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
      for (int i = 0; i < 3; i++) {
        try (Jedis j = admin(nodes.get(i))) {
          j.sendCommand(Protocol.Command.CLUSTER, "ADDSLOTSRANGE", Integer.toString(ranges[i][0]), Integer.toString(ranges[i][1]));
          if (i > 0) {
            j.clusterMeet("127.0.0.1", nodes.get(0).port());
          }
        }
      }
      Eventually.await("cluster state ok on every node", Duration.ofSeconds(30), () -> nodes.stream().allMatch(n -> {
        try (Jedis j = admin(n)) {
          return j.clusterInfo().contains("cluster_state:ok") && j.clusterNodes().split("\n").length == 3;
        }
      }));

      List<RedisRevocationList> gateways = new ArrayList<>();
      List<RedisRevocationList> writers = new ArrayList<>();
      int dead = RedisProcess.freePort();
      for (int i = 0; i < 3; i++) {
        // Each gateway and writer knows a different node first (one a dead address before it).
        String seeds = (i == 2 ? "127.0.0.1:" + dead + "," : "") + "127.0.0.1:" + nodes.get(i).port();
        String url = "redis-cluster://" + seeds;
        RedisRevocationList g = RedisRevocationList.builder(url).password(PASSWORD.toCharArray()).build();
        gateways.add(g);
        toClose.add(g);
        RedisRevocationList w = RedisRevocationList.builder(url).password(PASSWORD.toCharArray()).mirror(false).build();
        writers.add(w);
        toClose.add(w);
      }
      Instant expires = Instant.now().plus(Duration.ofHours(1));
      List<String> sids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String sid = "cluster-" + i;
        writers.get(i % 3).revoke(Revocation.session(sid, expires));
        sids.add(sid);
      }
      for (RedisRevocationList g : gateways) {
        Eventually.await("all 30 revocations", Duration.ofSeconds(10), () -> sids.stream().allMatch(
            sid -> g.check(RevocationTestSessions.of("s", sid, "j", Instant.now())) == RevocationList.Status.REVOKED));
        assertEquals(RevocationList.Status.NOT_REVOKED,
            g.check(RevocationTestSessions.of("s", "cluster-unrevoked", "j", Instant.now())));
      }
      // A gateway started now reads them all from the shard that holds the list.
      RedisRevocationList late = RedisRevocationList.builder("redis-cluster://127.0.0.1:" + nodes.get(1).port())
          .password(PASSWORD.toCharArray()).build();
      toClose.add(late);
      assertEquals(30, late.size());
    } finally {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        toClose.get(i).close();
      }
    }
  }

  private static Jedis admin(RedisProcess n) {
    Jedis j = n.client();
    j.auth(PASSWORD);
    return j;
  }
}
