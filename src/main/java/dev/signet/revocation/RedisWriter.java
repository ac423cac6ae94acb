package dev.signet.revocation;

import dev.signet.redis.RedisConnector;

import java.io.IOException;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The write path of {@link RedisRevocationList#revoke}: one command connection to the node that
 * holds the list, the revoke script, and the optional {@code WAIT} for replicas. A failed
 * attempt is retried once on a new connection, which asks Sentinel or the Cluster again, so a
 * write right after a failover reaches the new master.
 */
final class RedisWriter {
  private final RedisConnector connector;
  private final RedisWire wire;
  private final int waitReplicas;
  private final long waitTimeoutMs;
  /** Guarded by {@code this}. */
  private Jedis command;

  RedisWriter(RedisConnector connector, RedisWire wire, int waitReplicas, long waitTimeoutMs) {
    this.connector = connector;
    this.wire = wire;
    this.waitReplicas = waitReplicas;
    this.waitTimeoutMs = waitTimeoutMs;
  }

  /** Connects now, so that a wrong address or credentials fail at build time. */
  synchronized void connect() {
    if (command == null) {
      command = connector.connect().jedis();
    }
  }

  /**
   * Writes and publishes the entry ({@code suffix} expiring at {@code expires}).
   *
   * @return how many replicas confirmed it (-1 when no wait is configured)
   * @throws IOException if it could not be written after the retry
   */
  synchronized long write(String suffix, long expires) throws IOException {
    List<String> keys = List.of(wire.key(suffix));
    List<String> args = List.of(Long.toString(expires), wire.channel(), RedisWire.message(expires, suffix));
    JedisException failure = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        connect();
        command.eval(RedisWire.REVOKE_SCRIPT, keys, args);
        return waitReplicas > 0 ? command.waitReplicas(waitReplicas, waitTimeoutMs) : -1;
      } catch (JedisException e) {
        failure = e;
        close();
      }
    }
    throw new IOException("cannot write the revocation to Redis at " + connector.where() + ": "
        + RedisConnector.describe(failure), failure);
  }

  /** Whether {@code confirmed} replicas fall short of the configured wait; throws saying so. */
  void checkReplicas(long confirmed) throws IOException {
    if (waitReplicas > 0 && confirmed < waitReplicas) {
      throw new IOException("the revocation was written to Redis at " + connector.where() + " but only "
          + confirmed + " of " + waitReplicas + " replicas confirmed it within " + waitTimeoutMs + " ms");
    }
  }

  synchronized void close() {
    RedisConnector.closeQuietly(command);
    command = null;
  }
}
