package dev.signet.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import redis.clients.jedis.HostAndPort;

/**
 * Where a Redis store is and how it is deployed, read from a URL:
 *
 * <pre>
 * redis://[USER@]HOST[:PORT][/DB][?prefix=P]                 one server (port 6379)
 * rediss://...                                               the same over TLS
 * redis-sentinel://[USER@]HOST[:PORT],HOST[:PORT]/MASTER[/DB][?prefix=P]   Sentinel (port 26379)
 * redis-cluster://[USER@]HOST[:PORT],HOST[:PORT][?prefix=P]   Cluster seed nodes (port 6379)
 * rediss-sentinel://..., rediss-cluster://...                TLS to every node
 * </pre>
 *
 * <p>A URL that carries a password is refused, and no message ever repeats it: a password in a
 * URL ends up in the process list, shell history and logs.
 */
final class RedisAddress {
  /** How the servers are deployed. */
  enum Mode {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;

  final Mode mode;
  final boolean tls;
  /** The ACL user, or null for the default user. */
  final String user;
  /** The server (standalone), the sentinels, or the cluster seed nodes. */
  final List<HostAndPort> nodes;
  /** The Sentinel master name; null unless {@link Mode#SENTINEL}. */
  final String master;
  final int database;
  /** The key prefix given in the URL, or null. */
  final String prefix;

  private RedisAddress(Mode mode, boolean tls, String user, List<HostAndPort> nodes, String master, int database, String prefix) {
    this.mode = mode;
    this.tls = tls;
    this.user = user;
    this.nodes = List.copyOf(nodes);
    this.master = master;
    this.database = database;
    this.prefix = prefix;
  }

  static RedisAddress standalone(String host, int port) {
    return new RedisAddress(Mode.STANDALONE, false, null, List.of(new HostAndPort(host, port)), null, 0, null);
  }

  /**
   * Reads a URL.
   *
   * @throws IllegalArgumentException naming what is wrong; the message never contains a password
   */
  static RedisAddress parse(String url) {
    Objects.requireNonNull(url, "url");
    int sep = url.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("expected redis://, rediss://, redis-sentinel:// or redis-cluster://");
    }
    String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
    boolean tls = scheme.startsWith("rediss");
    Mode mode;
    switch (tls ? "redis" + scheme.substring(6) : scheme) {
      case "redis":
        mode = Mode.STANDALONE;
        break;
      case "redis-sentinel":
        mode = Mode.SENTINEL;
        break;
      case "redis-cluster":
        mode = Mode.CLUSTER;
        break;
      default:
        throw new IllegalArgumentException("the scheme must be redis, rediss, redis-sentinel, rediss-sentinel, "
            + "redis-cluster or rediss-cluster");
    }
    String rest = url.substring(sep + 3);
    String user = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      if (userInfo.indexOf(':') >= 0) {
        throw new IllegalArgumentException("a password in the URL is refused (it would show in process lists and logs); "
            + "give it from an environment variable or an owner-only file");
      }
      user = decode(userInfo, "user name");
      if (user.isEmpty()) {
        throw new IllegalArgumentException("the user name before '@' is empty");
      }
      rest = rest.substring(at + 1);
    }
    if (rest.indexOf('#') >= 0) {
      throw new IllegalArgumentException("a fragment is not supported");
    }
    String prefix = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      String query = rest.substring(q + 1);
      rest = rest.substring(0, q);
      if (!query.startsWith("prefix=") || query.length() == 7 || query.indexOf('&') >= 0) {
        throw new IllegalArgumentException("the only query parameter is prefix=KEYPREFIX");
      }
      prefix = decode(query.substring(7), "prefix");
    }
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    List<HostAndPort> nodes = new ArrayList<>();
    int defaultPort = mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
    for (String h : hosts.split(",", -1)) {
      nodes.add(hostAndPort(h, defaultPort));
    }
    if (mode == Mode.STANDALONE && nodes.size() > 1) {
      throw new IllegalArgumentException("one host only; use redis-sentinel:// or redis-cluster:// for several");
    }
    String master = null;
    int database = 0;
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    if (mode == Mode.SENTINEL) {
      if (segments.isEmpty()) {
        throw new IllegalArgumentException("the Sentinel master name is missing: redis-sentinel://HOST:PORT,HOST:PORT/MASTER");
      }
      master = decode(segments.remove(0), "master name");
    }
    if (mode == Mode.CLUSTER && !segments.isEmpty()) {
      throw new IllegalArgumentException("a path is not supported: a cluster has only database 0");
    }
    if (segments.size() > 1) {
      throw new IllegalArgumentException("a path other than /DB is not supported");
    }
    if (segments.size() == 1) {
      database = number(segments.get(0), "the database", 0, 1 << 20);
    }
    return new RedisAddress(mode, tls, user, nodes, master, database, prefix);
  }

  private static HostAndPort hostAndPort(String s, int defaultPort) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("a host is required");
    }
    String host;
    String port = null;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("an IPv6 address needs a closing ']'");
      }
      host = s.substring(1, end);
      String after = s.substring(end + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("expected ':PORT' after ']'");
        }
        port = after.substring(1);
      }
    } else {
      int c = s.indexOf(':');
      host = c < 0 ? s : s.substring(0, c);
      port = c < 0 ? null : s.substring(c + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("a host is required");
    }
    for (int i = 0; i < host.length(); i++) {
      char ch = host.charAt(i);
      if (!(Character.isLetterOrDigit(ch) || ch == '.' || ch == '-' || ch == '_' || ch == ':' || ch == '%')) {
        throw new IllegalArgumentException("the host contains '" + ch + "'");
      }
    }
    return new HostAndPort(host, port == null ? defaultPort : number(port, "the port", 1, 65535));
  }

  private static int number(String s, String what, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < min || n > max || !s.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(what + " must be a number between " + min + " and " + max);
    }
    return n;
  }

  /** Percent-decodes (UTF-8); '+' stays '+'. */
  private static String decode(String s, String what) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException("bad percent-encoding in the " + what);
        }
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * The URL with anything that could be a password replaced by {@code ***}: everything between
   * the first ':' after the scheme and the last '@'. Safe to print whatever the input.
   */
  static String redact(String url) {
    if (url == null) {
      return "null";
    }
    int sep = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (sep < 0 || at < sep + 3) {
      return url;
    }
    int colon = url.indexOf(':', sep + 3);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + "***" + url.substring(at);
  }

  /** For messages: the server, the Sentinel master and its sentinels, or the cluster seeds. */
  String describe() {
    StringBuilder b = new StringBuilder();
    for (HostAndPort n : nodes) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(format(n));
    }
    switch (mode) {
      case SENTINEL:
        return "Sentinel master " + master + " (sentinels " + b + ")";
      case CLUSTER:
        return "cluster " + b;
      case STANDALONE:
      default:
        return b.toString();
    }
  }

  static String format(HostAndPort n) {
    return n.getHost().indexOf(':') >= 0 ? "[" + n.getHost() + "]:" + n.getPort() : n.getHost() + ":" + n.getPort();
  }
}
