package dev.signet.revocation;

import dev.signet.Session;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A revocation store in Redis, for many gateways: each verifier keeps a local mirror of the
 * list, so verification never waits on the network.
 *
 * <pre>{@code
 * RedisRevocationList list = RedisRevocationList.builder("redis.internal", 6379).build();
 * TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("api")
 *     .revocations(list).build();
 * }</pre>
 *
 * <p><b>How it works.</b> Every entry is one Redis key under the key prefix (default
 * {@value #DEFAULT_KEY_PREFIX}) whose value is its expiry and whose TTL ends at that expiry, so
 * Redis drops it by itself. {@link #revoke} writes the key and publishes the change on the
 * channel {@code PREFIX + "changes"} in one atomic script. Every instance subscribes to that
 * channel and applies each change to its mirror. On subscribing (at start and after every
 * reconnect) it reads every live key again with {@code SCAN} (a full resync), so a change made
 * while it was disconnected is never missed.
 *
 * <p><b>Staleness.</b> Every heartbeat interval (default 1 s) the instance sends a {@code PING}
 * on its subscription; the reply comes back behind every change published before it, so each
 * reply proves the mirror is complete up to the moment the ping was sent. When the newest such
 * proof is older than the staleness bound (default 5 s), {@link #check} answers
 * {@link Status#UNAVAILABLE} for every token it does not know to be revoked, and the verifier's
 * policy applies: reject with {@code REVOCATION_UNAVAILABLE} (the default), or accept if it was
 * built with {@code failOpenOnRevocationErrors()} (the risk: a revocation made during the outage
 * is not enforced until the mirror catches up). A subscription with no reply for three
 * heartbeats is closed and opened again.
 *
 * <p>Needs Redis 6.2 or later and the optional dependency {@code redis.clients:jedis}.
 */
public final class RedisRevocationList implements RevocationStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationList.class);

  /** The default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "signet:revocation:";
  /** The default heartbeat interval. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
  /** The default staleness bound. */
  public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofSeconds(5);

  /**
   * KEYS[1] the entry key; ARGV[1] its expiry (epoch ms), ARGV[2] the channel, ARGV[3] the
   * message. Keeps the later expiry, then publishes, atomically.
   */
  private static final String REVOKE_SCRIPT =
      "local cur = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "if cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1]) end\n"
          + "return redis.call('PUBLISH', ARGV[2], ARGV[3])";

  /** How often the heartbeat thread drops expired entries from the mirror. */
  static final long PURGE_EVERY_MS = 10_000;

  private final String host;
  private final int port;
  private final String prefix;
  private final String channel;
  private final Clock clock;
  private final long heartbeatMs;
  private final long stalenessMs;
  private final JedisClientConfig config;
  private final String clientName;
  private final boolean mirror;
  private final RevocationIndex index;
  private final ScheduledExecutorService heartbeat;
  private final Thread subscriber;
  private final CompletableFuture<Void> firstSync = new CompletableFuture<>();

  /** Epoch ms up to which the mirror is known complete; Long.MIN_VALUE before the first sync. */
  private final AtomicLong freshUntil = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong resyncs = new AtomicLong();
  private volatile long lastResyncMillis = -1;
  private volatile boolean closed;

  /** The live subscription and its state; guarded by {@code this}. */
  private Jedis subConnection;
  private Listener listener;
  private boolean synced;
  private long lastPongNanos;
  /** The command connection for revoke; guarded by {@code commandLock}. */
  private final Object commandLock = new Object();
  private Jedis command;

  private RedisRevocationList(Builder b) throws IOException {
    this.host = b.host;
    this.port = b.port;
    this.prefix = b.prefix;
    this.channel = b.prefix + "changes";
    this.clock = b.clock;
    this.heartbeatMs = b.heartbeat.toMillis();
    this.stalenessMs = b.staleness.toMillis();
    int timeout = (int) b.connectTimeout.toMillis();
    this.clientName = "signet-revocations-" + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xFFFFFFFFFFFFL);
    this.config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeout)
        .socketTimeoutMillis(Math.max(timeout, 10_000))
        .clientName(clientName)
        .autoNegotiateProtocol(false)
        .build();
    this.index = new RevocationIndex(clock);
    this.mirror = b.mirror;
    this.subscriber = new Thread(this::subscribeLoop, "signet-revocations-redis");
    this.subscriber.setDaemon(true);
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "signet-revocations-heartbeat");
      t.setDaemon(true);
      return t;
    });
    if (!b.mirror) {
      // Write-only: no subscription, no threads; connect once now so a bad address fails here.
      synchronized (commandLock) {
        try {
          command = new Jedis(host, port, config);
          command.ping();
        } catch (JedisException e) {
          closeQuietly(command);
          command = null;
          throw new IOException("cannot reach Redis at " + host + ":" + port + ": " + describe(e), e);
        }
      }
      return;
    }
    subscriber.start();
    heartbeat.scheduleAtFixedRate(this::beat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
    try {
      firstSync.get(b.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      Throwable c = e.getCause();
      throw new IOException("cannot reach Redis at " + host + ":" + port + ": " + describe(c), c);
    } catch (TimeoutException e) {
      close();
      throw new IOException("Redis at " + host + ":" + port + " did not complete the initial sync within "
          + b.startTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to Redis", e);
    }
  }

  /** A builder for the Redis server at {@code host:port}. */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  @Override
  public Status check(Session session) {
    if (!mirror) {
      return Status.UNAVAILABLE;
    }
    if (index.isRevoked(session)) {
      return Status.REVOKED;
    }
    long fresh = freshUntil.get();
    if (fresh == Long.MIN_VALUE) {
      return Status.UNAVAILABLE;
    }
    long age = clock.millis() - fresh;
    // A clock that jumped backwards also counts as stale until the next heartbeat proves freshness.
    return age <= stalenessMs && age >= -stalenessMs ? Status.NOT_REVOKED : Status.UNAVAILABLE;
  }

  /**
   * Writes the entry to Redis with its TTL and publishes it to every instance, then makes it
   * visible to this instance's {@link #check}. An entry already past its expiry is ignored.
   *
   * @throws IOException if Redis could not be reached (after one retry on a new connection)
   */
  @Override
  public void revoke(Revocation entry) throws IOException {
    Objects.requireNonNull(entry, "entry");
    long expires = entry.expiresAt().toEpochMilli();
    if (clock.millis() >= expires) {
      return;
    }
    String suffix = keySuffix(entry);
    List<String> keys = List.of(prefix + suffix);
    List<String> args = List.of(Long.toString(expires), channel, expires + " " + suffix);
    synchronized (commandLock) {
      JedisException failure = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          if (command == null) {
            command = new Jedis(host, port, config);
          }
          command.eval(REVOKE_SCRIPT, keys, args);
          failure = null;
          break;
        } catch (JedisException e) {
          failure = e;
          closeQuietly(command);
          command = null;
        }
      }
      if (failure != null) {
        throw new IOException("cannot write the revocation to Redis at " + host + ":" + port + ": "
            + describe(failure), failure);
      }
    }
    if (mirror) {
      index.add(entry);
    }
  }

  /** The number of entries in the local mirror, expired ones not yet purged included. */
  public int size() {
    return index.size();
  }

  /** Whether the mirror is within its staleness bound now. */
  public boolean isFresh() {
    long fresh = freshUntil.get();
    if (fresh == Long.MIN_VALUE) {
      return false;
    }
    long age = clock.millis() - fresh;
    return age <= stalenessMs && age >= -stalenessMs;
  }

  /**
   * How long ago the mirror was last proven complete (by a resync or a heartbeat); empty before
   * the first proof. {@link #check} answers UNAVAILABLE once this exceeds the staleness bound.
   */
  public java.util.Optional<Duration> mirrorAge() {
    long fresh = freshUntil.get();
    return fresh == Long.MIN_VALUE ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofMillis(clock.millis() - fresh));
  }

  /** How many full resyncs have completed (one at start, one after each reconnect). */
  public long resyncCount() {
    return resyncs.get();
  }

  /** How long the last full resync took, in milliseconds; -1 before the first. */
  public long lastResyncMillis() {
    return lastResyncMillis;
  }

  /** The client name of this instance's connections ({@code CLIENT LIST}), unique per instance. */
  String clientName() {
    return clientName;
  }

  /** Unsubscribes, stops the threads and closes the connections. */
  @Override
  public void close() {
    closed = true;
    heartbeat.shutdownNow();
    synchronized (this) {
      if (subConnection != null) {
        subConnection.disconnect();
      }
    }
    subscriber.interrupt();
    try {
      subscriber.join(5000);
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (commandLock) {
      closeQuietly(command);
      command = null;
    }
  }

  // ---- subscription, resync and heartbeat ----

  private void subscribeLoop() {
    long backoff = 50;
    boolean warned = false;
    long resyncsAtWarning = -1;
    while (!closed) {
      Jedis conn = null;
      try {
        conn = new Jedis(host, port, config);
        Listener l = new Listener();
        synchronized (this) {
          if (closed) {
            break;
          }
          subConnection = conn;
          listener = l;
          synced = false;
          lastPongNanos = System.nanoTime();
        }
        conn.subscribe(l, channel);
      } catch (RuntimeException e) {
        if (!firstSync.isDone()) {
          firstSync.completeExceptionally(e);
        }
        if (!closed && !warned) {
          resyncsAtWarning = resyncs.get();
          LOG.warn("revocation subscription to Redis at {}:{} lost; reconnecting: {}", host, port, describe(e));
          warned = true;
        }
      } finally {
        synchronized (this) {
          synced = false;
          listener = null;
          subConnection = null;
        }
        closeQuietly(conn);
      }
      if (closed) {
        break;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        break;
      }
      backoff = Math.min(backoff * 2, Math.max(100, heartbeatMs));
      if (resyncs.get() != resyncsAtWarning) {
        // This loss ends a healthy period: a new outage, worth a new warning and a fast retry.
        backoff = 50;
        warned = false;
      }
    }
  }

  /** Runs on the subscriber thread once the subscription is active: reads every live key. */
  private void resync(Listener l) {
    long start = clock.millis();
    long t0 = System.nanoTime();
    int n = 0;
    try (Jedis scan = new Jedis(host, port, config)) {
      ScanParams params = new ScanParams().match(globEscape(prefix) + "*").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = scan.scan(cursor, params);
        cursor = page.getCursor();
        List<String> keys = page.getResult();
        if (!keys.isEmpty()) {
          List<String> values = scan.mget(keys.toArray(new String[0]));
          for (int i = 0; i < keys.size(); i++) {
            String v = values.get(i);
            if (v != null && apply(v, keys.get(i).substring(prefix.length()))) {
              n++;
            }
          }
        }
      } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }
    index.purgeExpired();
    long took = (System.nanoTime() - t0) / 1_000_000;
    synchronized (this) {
      if (listener != l) {
        return;
      }
      synced = true;
      lastPongNanos = System.nanoTime();
    }
    // Everything published after the subscription started is delivered on it; everything
    // before is in the keys just read: the mirror is complete as of the start of the resync.
    freshUntil.accumulateAndGet(start, Math::max);
    lastResyncMillis = took;
    resyncs.incrementAndGet();
    firstSync.complete(null);
    LOG.info("revocation mirror synced from Redis at {}:{}: {} entries in {} ms", host, port, n, took);
  }

  private void beat() {
    Listener l;
    Jedis conn;
    boolean dead;
    synchronized (this) {
      l = listener;
      conn = subConnection;
      dead = synced && System.nanoTime() - lastPongNanos > 3 * heartbeatMs * 1_000_000L;
    }
    if (closed) {
      return;
    }
    index.purgeExpiredIfDue(PURGE_EVERY_MS);
    if (l == null) {
      return;
    }
    if (dead) {
      LOG.warn("no heartbeat reply from Redis at {}:{} for {} ms; reconnecting", host, port, 3 * heartbeatMs);
      conn.disconnect();
      return;
    }
    try {
      synchronized (l) {
        if (l.isSubscribed()) {
          l.ping(Long.toString(clock.millis()));
        }
      }
    } catch (RuntimeException e) {
      // The subscriber thread sees the broken connection and reconnects.
      LOG.debug("heartbeat to Redis failed: {}", e.toString());
    }
  }

  private final class Listener extends JedisPubSub {
    @Override
    public void onSubscribe(String ch, int count) {
      resync(this);
    }

    @Override
    public void onMessage(String ch, String message) {
      int sp = message.indexOf(' ');
      if (sp <= 0 || !apply(message.substring(0, sp), message.substring(sp + 1))) {
        LOG.warn("ignoring an unreadable revocation message on {}", ch);
      }
    }

    @Override
    public void onPong(String pattern) {
      long sent;
      try {
        sent = Long.parseLong(pattern);
      } catch (NumberFormatException e) {
        return;
      }
      synchronized (RedisRevocationList.this) {
        if (listener != this || !synced) {
          return;
        }
        lastPongNanos = System.nanoTime();
      }
      freshUntil.accumulateAndGet(sent, Math::max);
    }
  }

  // ---- key format ----

  /** {@code t:JTI}, {@code s:SID}, {@code u:BEFORE_MS:SUBJECT} or {@code g:BEFORE_MS}. */
  static String keySuffix(Revocation r) {
    switch (r.kind()) {
      case TOKEN:
        return "t:" + r.id().orElseThrow();
      case SESSION:
        return "s:" + r.id().orElseThrow();
      case SUBJECT:
        return "u:" + r.before().orElseThrow().toEpochMilli() + ":" + r.id().orElseThrow();
      case GLOBAL:
      default:
        return "g:" + r.before().orElseThrow().toEpochMilli();
    }
  }

  /** Parses a key suffix and its expiry; returns false (changing nothing) if unreadable. */
  private boolean apply(String expiresMs, String suffix) {
    Revocation r = parse(expiresMs, suffix);
    if (r == null) {
      return false;
    }
    index.add(r);
    return true;
  }

  static Revocation parse(String expiresMs, String suffix) {
    try {
      Instant exp = Instant.ofEpochMilli(Long.parseLong(expiresMs));
      if (suffix.length() < 3 || suffix.charAt(1) != ':') {
        return null;
      }
      String rest = suffix.substring(2);
      switch (suffix.charAt(0)) {
        case 't':
          return Revocation.token(rest, exp);
        case 's':
          return Revocation.session(rest, exp);
        case 'u': {
          int c = rest.indexOf(':');
          if (c <= 0) {
            return null;
          }
          return Revocation.subject(rest.substring(c + 1), Instant.ofEpochMilli(Long.parseLong(rest.substring(0, c))), exp);
        }
        case 'g':
          return Revocation.global(Instant.ofEpochMilli(Long.parseLong(rest)), exp);
        default:
          return null;
      }
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String globEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static String describe(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() != null ? root.getMessage() : e.getMessage();
    return m == null ? root.getClass().getSimpleName() : m;
  }

  private static void closeQuietly(Jedis j) {
    if (j != null) {
      try {
        j.close();
      } catch (RuntimeException ignored) {
        // Closing a broken connection may fail; it is gone either way.
      }
    }
  }

  /** Configures a {@link RedisRevocationList}; each setter validates its argument at once. */
  public static final class Builder {
    private final String host;
    private final int port;
    private String prefix = DEFAULT_KEY_PREFIX;
    private Clock clock = Clock.systemUTC();
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Duration staleness = DEFAULT_STALENESS_BOUND;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration startTimeout = Duration.ofSeconds(60);
    private boolean mirror = true;

    private Builder(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty()) {
        throw new IllegalArgumentException("host must not be empty");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535");
      }
      this.host = host;
      this.port = port;
    }

    /** The prefix of every key and of the channel; default {@value #DEFAULT_KEY_PREFIX}. */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty() || prefix.length() > 200) {
        throw new IllegalArgumentException("keyPrefix must be 1 to 200 characters");
      }
      this.prefix = prefix;
      return this;
    }

    /** The clock for entry expiry and staleness; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often the subscription is pinged to prove the mirror fresh; default 1 s, 10 ms to 1 min. */
    public Builder heartbeatInterval(Duration heartbeat) {
      Objects.requireNonNull(heartbeat, "heartbeat");
      if (heartbeat.toMillis() < 10 || heartbeat.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("heartbeatInterval must be between 10 ms and 1 minute");
      }
      this.heartbeat = heartbeat;
      return this;
    }

    /**
     * How old the mirror may be before {@link RevocationList#check} answers
     * {@link RevocationList.Status#UNAVAILABLE}; default 5 s, at least two heartbeat intervals.
     */
    public Builder stalenessBound(Duration staleness) {
      Objects.requireNonNull(staleness, "staleness");
      if (staleness.toMillis() < 20 || staleness.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("stalenessBound must be between 20 ms and 1 hour");
      }
      this.staleness = staleness;
      return this;
    }

    /** The TCP connect timeout; default 2 s. */
    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("connectTimeout must be between 1 ms and 1 minute");
      }
      this.connectTimeout = timeout;
      return this;
    }

    /** How long {@link #build()} waits for the first full resync; default 60 s. */
    public Builder startTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("startTimeout must be positive");
      }
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Whether the instance keeps a local mirror (the default). Without one it only records
     * revocations, for a command line or an admin service: {@link #build()} connects without
     * subscribing or reading the list, and {@link RevocationList#check} always answers
     * {@link RevocationList.Status#UNAVAILABLE}, so it must not be given to a verifier.
     */
    public Builder mirror(boolean mirror) {
      this.mirror = mirror;
      return this;
    }

    /**
     * Connects, subscribes and completes the first full resync before returning (without a
     * mirror: connects only).
     *
     * @throws IOException if Redis cannot be reached or the first resync does not complete in time
     * @throws IllegalStateException if the staleness bound is shorter than two heartbeat intervals
     */
    public RedisRevocationList build() throws IOException {
      if (staleness.compareTo(heartbeat.multipliedBy(2)) < 0) {
        throw new IllegalStateException("stalenessBound must be at least two heartbeat intervals");
      }
      return new RedisRevocationList(this);
    }
  }
}
