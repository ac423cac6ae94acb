package dev.signet.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Opens connections to the node that holds the revocation list: the one server, the master a
 * quorum of sentinels names now, or the cluster node that serves the hash slot of the list's
 * tag (every name a store writes carries one tag). Writes, the subscription and resyncs all go
 * to that node, so a heartbeat on the subscription is answered behind every change the node
 * published before it, in every deployment.
 *
 * <p>Not API: public only so that the revocation store and the keyset channel share it; made by
 * {@link RedisOptions#connector(String, String, java.time.Duration)}.
 *
 * <p>Only API that Jedis 6.0 to 8.x share is used, so the store runs on the Jedis version a
 * Spring Boot 3.5 or 4.0 application already has.
 */
public final class RedisConnector {
  /** A connection and the node it is connected to. */
  public record Node(HostAndPort address, Jedis jedis) {}

  private final RedisAddress address;
  private final JedisClientConfig data;
  private final JedisClientConfig sentinel;
  private final JedisClientConfig sentinelWithoutAuth;
  private final int slot;

  RedisConnector(RedisAddress address, String user, char[] password, SSLSocketFactory tls,
      int connectTimeoutMs, int socketTimeoutMs, String clientName, String tag) {
    this.address = address;
    DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(connectTimeoutMs)
        .socketTimeoutMillis(socketTimeoutMs)
        // RESP2 on every Jedis version: a PING on a subscription is then answered in band
        // (as ["pong", payload]), which the staleness proof relies on.
        .protocol(RedisProtocol.RESP2);
    if (address.tls) {
      b.ssl(true).sslSocketFactory(tls).sslParameters(RedisTls.parameters());
    }
    DefaultJedisClientConfig.Builder s = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(connectTimeoutMs)
        .socketTimeoutMillis(socketTimeoutMs)
        .protocol(RedisProtocol.RESP2);
    if (address.tls) {
      s.ssl(true).sslSocketFactory(tls).sslParameters(RedisTls.parameters());
    }
    quietProtocol(b);
    quietProtocol(s);
    this.sentinelWithoutAuth = s.build();
    if (password != null) {
      String pw = new String(password);
      b.user(user).password(pw);
      s.user(user).password(pw);
    }
    this.sentinel = s.build();
    this.data = b.database(address.database).clientName(clientName).build();
    this.slot = JedisClusterCRC16.getSlot(tag);
  }

  /**
   * Jedis 8 tries RESP3 auto-negotiation unless told not to, and warns on every connection that
   * it cannot; the switch does not exist before Jedis 8, so it is set only where it exists.
   */
  private static void quietProtocol(DefaultJedisClientConfig.Builder b) {
    try {
      DefaultJedisClientConfig.Builder.class.getMethod("autoNegotiateProtocol", boolean.class).invoke(b, false);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Jedis 6 or 7: RESP2 unless asked otherwise, no negotiation, no warning.
    }
  }

  /** For messages: the server, the Sentinel master and its sentinels, or the cluster seeds. */
  public String where() {
    return address.describe();
  }

  /** Whether the master is found through sentinels (and may change on failover). */
  public boolean isSentinel() {
    return address.mode == RedisAddress.Mode.SENTINEL;
  }

  /** {@code host:port}, with brackets around an IPv6 address. */
  public static String format(HostAndPort node) {
    return RedisAddress.format(node);
  }

  /**
   * Connects to the node that holds the list now.
   *
   * @throws JedisException if none can be reached, or it refuses the credentials
   */
  public Node connect() {
    HostAndPort node;
    switch (address.mode) {
      case SENTINEL:
        node = masterFromSentinels();
        break;
      case CLUSTER:
        node = slotOwner();
        break;
      case STANDALONE:
      default:
        node = address.nodes.get(0);
    }
    Jedis j = open(node);
    if (address.mode == RedisAddress.Mode.SENTINEL) {
      try {
        String role = role(j);
        if (role != null && !"master".equals(role)) {
          throw new JedisConnectionException(RedisAddress.format(node) + " is a " + role
              + ", not yet the master the sentinels name (failover in progress)");
        }
      } catch (RuntimeException e) {
        closeQuietly(j);
        throw e;
      }
    }
    return new Node(node, j);
  }

  /** A connection to one known node (the subscription's node, for its resyncs and checks). */
  public Jedis open(HostAndPort node) {
    Jedis j = new Jedis(node, data);
    try {
      j.ping();
      return j;
    } catch (RuntimeException e) {
      closeQuietly(j);
      throw e;
    }
  }

  /** The node's replication role ({@code master}, {@code slave}), or null if the user may not ask. */
  public static String role(Jedis j) {
    List<Object> r;
    try {
      r = j.role();
    } catch (JedisAccessControlException e) {
      return null;
    } catch (JedisDataException e) {
      if (String.valueOf(e.getMessage()).startsWith("NOPERM")) {
        return null;
      }
      throw e;
    }
    return r.isEmpty() ? null : text(r.get(0));
  }

  private HostAndPort masterFromSentinels() {
    JedisConnectionException failure = new JedisConnectionException(
        "no sentinel of " + address.describe() + " named a master");
    for (HostAndPort s : address.nodes) {
      try {
        List<String> m = askSentinel(s, sentinel);
        if (m != null && m.size() == 2) {
          return new HostAndPort(m.get(0), Integer.parseInt(m.get(1)));
        }
      } catch (JedisDataException e) {
        if (String.valueOf(e.getMessage()).contains("without any password configured")) {
          // A sentinel without a password of its own: ask it without credentials.
          try {
            List<String> m = askSentinel(s, sentinelWithoutAuth);
            if (m != null && m.size() == 2) {
              return new HostAndPort(m.get(0), Integer.parseInt(m.get(1)));
            }
          } catch (RuntimeException e2) {
            failure.addSuppressed(e2);
          }
        } else {
          failure.addSuppressed(e);
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  private List<String> askSentinel(HostAndPort s, JedisClientConfig config) {
    try (Jedis j = new Jedis(s, config)) {
      return j.sentinelGetMasterAddrByName(address.master);
    }
  }

  private HostAndPort slotOwner() {
    JedisConnectionException failure = new JedisConnectionException(
        "no seed node of " + address.describe() + " answered CLUSTER SLOTS");
    for (HostAndPort known : address.nodes) {
      try (Jedis j = new Jedis(known, data)) {
        for (Object range : (List<?>) j.sendCommand(Protocol.Command.CLUSTER, "SLOTS")) {
          List<?> r = (List<?>) range;
          long from = ((Number) r.get(0)).longValue();
          long to = ((Number) r.get(1)).longValue();
          if (slot >= from && slot <= to) {
            List<?> master = (List<?>) r.get(2);
            String host = text(master.get(0));
            int port = ((Number) master.get(1)).intValue();
            // An empty or '?' endpoint means "the address you reached me on".
            return new HostAndPort(host == null || host.isEmpty() || "?".equals(host) ? known.getHost() : host, port);
          }
        }
        failure.addSuppressed(new JedisDataException("slot " + slot + " is not served by any node"));
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  private static String text(Object o) {
    if (o instanceof byte[]) {
      return new String((byte[]) o, StandardCharsets.UTF_8);
    }
    return o == null ? null : o.toString();
  }

  /**
   * One line for an error message: what the root cause says, with a plain word for refused
   * credentials. Never contains the password (Redis does not echo it).
   */
  public static String describe(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof JedisAccessControlException || m.startsWith("WRONGPASS") || m.startsWith("NOAUTH")) {
        return "the server refused the credentials (" + m.trim() + ")";
      }
      if (m.startsWith("NOPERM")) {
        return "the user lacks a permission Signet needs (" + m.trim() + ")";
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() != null ? root.getMessage() : e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS: " + (m == null ? root.getClass().getSimpleName() : m);
      }
    }
    if (m == null) {
      return root.getClass().getSimpleName();
    }
    if (e.getSuppressed().length > 0 && e.getMessage() != null) {
      String head = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1) : e.getMessage();
      return head + ": " + describe(e.getSuppressed()[0]);
    }
    return m;
  }

  public static void closeQuietly(Jedis j) {
    if (j != null) {
      try {
        j.close();
      } catch (RuntimeException ignored) {
        // Closing a broken connection may fail; it is gone either way.
      }
    }
  }
}
