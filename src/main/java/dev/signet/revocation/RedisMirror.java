package dev.signet.revocation;

import dev.signet.redis.RedisConnector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The local copy of a Redis revocation list: a subscription that applies each change as it
 * arrives, a full resync after every (re)subscription, a heartbeat that proves the copy fresh,
 * and the guard against a wiped Redis.
 *
 * <p><b>Threads.</b> The subscriber thread only reads the subscription and applies messages to
 * memory (the index and the entry map: no I/O, no waiting), so a change is enforced as soon as
 * it is read. Everything that talks to Redis besides the subscription (resyncs, the generation
 * check, re-seeding) runs on one worker thread with its own connection to the subscription's
 * node; the heartbeat thread only writes a PING on the subscription and queues the checks.
 *
 * <p><b>Freshness.</b> A resync starts once the subscription is active, so every change
 * published after its start arrives on the subscription and every change before it is in the
 * keys it reads: the copy is complete as of the resync's start. A PING on the subscription is
 * answered behind every change published before it, so each reply proves the copy complete as
 * of the moment it was sent.
 *
 * <p><b>Wiped Redis.</b> After every resync and every heartbeat the worker lets the
 * {@link RedisWipeGuard} check the generation marker; it writes back the live entries this copy
 * holds when Redis lost them.
 */
final class RedisMirror {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationList.class);
  /** How often expired entries are dropped from memory. */
  static final long PURGE_EVERY_MS = 10_000;

  private final RedisConnector connector;
  private final RedisWire wire;
  private final Clock clock;
  private final long heartbeatMs;
  private final RevocationIndex index;
  /** Every live entry as key suffix and expiry (epoch ms): what a re-seed writes back. */
  private final ConcurrentHashMap<String, Long> entries = new ConcurrentHashMap<>();
  private final Thread subscriber;
  private final ScheduledExecutorService heartbeat;
  private final ExecutorService worker;
  private final CompletableFuture<Void> firstSync = new CompletableFuture<>();
  private final AtomicBoolean checkQueued = new AtomicBoolean();
  /** Finds a wiped or replaced Redis and writes this copy's live entries back (worker thread only). */
  final RedisWipeGuard wipeGuard;

  /** Epoch ms up to which the copy is known complete; Long.MIN_VALUE before the first sync. */
  final AtomicLong freshUntil = new AtomicLong(Long.MIN_VALUE);
  final AtomicLong resyncs = new AtomicLong();
  volatile long lastResyncMillis = -1;
  private volatile boolean closed;
  private long lastEntryPurge;

  /** The live subscription and its state; guarded by {@code this}. */
  private Jedis subConnection;
  private Listener listener;
  private boolean synced;
  private long lastPongNanos;

  /** Worker-thread state: a connection to the subscription's node. */
  private Jedis probe;
  private HostAndPort probeNode;

  RedisMirror(RedisConnector connector, RedisWire wire, Clock clock, long heartbeatMs, RevocationIndex index) {
    this.connector = connector;
    this.wire = wire;
    this.clock = clock;
    this.heartbeatMs = heartbeatMs;
    this.index = index;
    this.wipeGuard = new RedisWipeGuard(connector, wire, clock, entries);
    this.subscriber = new Thread(this::subscribeLoop, "signet-revocations-redis");
    this.subscriber.setDaemon(true);
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "signet-revocations-heartbeat"));
    this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "signet-revocations-resync"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts the threads; the returned future completes with the first resync (or its failure). */
  CompletableFuture<Void> start() {
    subscriber.start();
    heartbeat.scheduleAtFixedRate(this::beat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
    return firstSync;
  }

  /** Applies an entry to memory (index and entry map). */
  void add(String suffix, long expiresMs, Revocation r) {
    index.add(r);
    if (expiresMs > clock.millis()) {
      entries.merge(suffix, expiresMs, Math::max);
    }
  }

  // ---- subscription ----

  private void subscribeLoop() {
    long backoff = 50;
    boolean warned = false;
    long resyncsAtWarning = -1;
    while (!closed) {
      Jedis conn = null;
      try {
        RedisConnector.Node node = connector.connect();
        conn = node.jedis();
        Listener l = new Listener(node.address());
        synchronized (this) {
          if (closed) {
            break;
          }
          subConnection = conn;
          listener = l;
          synced = false;
          lastPongNanos = System.nanoTime();
        }
        conn.subscribe(l, wire.channel());
      } catch (RuntimeException e) {
        if (!firstSync.isDone()) {
          // Reported once, by build(): no warning, no retry.
          firstSync.completeExceptionally(e);
          break;
        }
        if (!closed && !warned) {
          resyncsAtWarning = resyncs.get();
          LOG.warn("revocation subscription to Redis at {} lost; reconnecting: {}",
              connector.where(), RedisConnector.describe(e));
          warned = true;
        }
      } finally {
        synchronized (this) {
          synced = false;
          listener = null;
          subConnection = null;
        }
        RedisConnector.closeQuietly(conn);
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

  private void disconnect(Listener l) {
    synchronized (this) {
      if (listener == l && subConnection != null) {
        subConnection.disconnect();
      }
    }
  }

  // ---- worker: resync, generation, re-seed ----

  private Jedis probe(HostAndPort node) {
    if (probe != null && !node.equals(probeNode)) {
      RedisConnector.closeQuietly(probe);
      probe = null;
    }
    if (probe == null) {
      probe = connector.open(node);
      probeNode = node;
    }
    return probe;
  }

  private void dropProbe() {
    RedisConnector.closeQuietly(probe);
    probe = null;
  }

  /** Reads every live key; runs on the worker once the subscription {@code l} is active. */
  private void resync(Listener l) {
    long start = clock.millis();
    long t0 = System.nanoTime();
    int n = 0;
    try {
      Jedis scan = probe(l.node);
      ScanParams params = new ScanParams().match(wire.scanPattern()).count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = scan.scan(cursor, params);
        cursor = page.getCursor();
        List<String> keys = page.getResult();
        if (!keys.isEmpty()) {
          List<String> values = scan.mget(keys.toArray(new String[0]));
          for (int i = 0; i < keys.size(); i++) {
            String suffix = wire.suffixOf(keys.get(i));
            String v = values.get(i);
            Revocation r = suffix == null || v == null ? null : RedisWire.parse(v, suffix);
            if (r != null) {
              add(suffix, r.expiresAt().toEpochMilli(), r);
              n++;
            }
          }
        }
      } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
      wipeGuard.check(scan);
    } catch (RuntimeException e) {
      dropProbe();
      if (!firstSync.isDone()) {
        firstSync.completeExceptionally(e);
      } else {
        LOG.warn("revocation resync from Redis at {} failed; reconnecting: {}",
            connector.where(), RedisConnector.describe(e));
        disconnect(l);
      }
      return;
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
    freshUntil.accumulateAndGet(start, Math::max);
    lastResyncMillis = took;
    resyncs.incrementAndGet();
    firstSync.complete(null);
    LOG.info("revocation mirror synced from Redis at {}: {} entries in {} ms",
        RedisConnector.format(l.node), n, took);
  }

  /** Queued by the heartbeat: role and generation checks on the subscription's node, purging. */
  private void periodicCheck() {
    checkQueued.set(false);
    Listener l;
    synchronized (this) {
      l = synced ? listener : null;
    }
    if (l != null && !closed) {
      try {
        Jedis c = probe(l.node);
        if (connector.isSentinel()) {
          String role = RedisConnector.role(c);
          if (role != null && !"master".equals(role)) {
            LOG.warn("Redis at {} is now a {}; resubscribing to the new master", RedisConnector.format(l.node), role);
            disconnect(l);
            return;
          }
        }
        wipeGuard.check(c);
      } catch (JedisRedirectionException e) {
        LOG.warn("the revocation list's hash slot moved away from {}; resubscribing", RedisConnector.format(l.node));
        dropProbe();
        disconnect(l);
      } catch (RuntimeException e) {
        // The subscription and its heartbeat decide about reconnecting; retry the check next beat.
        LOG.debug("revocation generation check failed: {}", RedisConnector.describe(e));
        dropProbe();
      }
    }
    index.purgeExpiredIfDue(PURGE_EVERY_MS);
    long now = clock.millis();
    if (now - lastEntryPurge >= PURGE_EVERY_MS) {
      lastEntryPurge = now;
      entries.values().removeIf(exp -> exp <= now);
    }
  }

  // ---- heartbeat ----

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
    if (l != null) {
      if (dead) {
        LOG.warn("no heartbeat reply from Redis at {} for {} ms; reconnecting", RedisConnector.format(l.node), 3 * heartbeatMs);
        conn.disconnect();
      } else {
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
    }
    if (checkQueued.compareAndSet(false, true)) {
      submit(this::periodicCheck);
    }
  }

  private void submit(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  int entryCount() {
    return entries.size();
  }

  /** Unsubscribes and stops the threads. */
  void close() {
    closed = true;
    heartbeat.shutdownNow();
    synchronized (this) {
      if (subConnection != null) {
        subConnection.disconnect();
      }
    }
    subscriber.interrupt();
    worker.shutdownNow();
    try {
      subscriber.join(5000);
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RedisConnector.closeQuietly(probe);
  }

  private final class Listener extends JedisPubSub {
    final HostAndPort node;

    Listener(HostAndPort node) {
      this.node = node;
    }

    @Override
    public void onSubscribe(String ch, int count) {
      submit(() -> resync(this));
    }

    @Override
    public void onMessage(String ch, String message) {
      int sp = message.indexOf(' ');
      Revocation r = RedisWire.parseMessage(message);
      if (r == null) {
        LOG.warn("ignoring an unreadable revocation message on {}", ch);
        return;
      }
      add(message.substring(sp + 1), r.expiresAt().toEpochMilli(), r);
    }

    @Override
    public void onPong(String pattern) {
      long sent;
      try {
        sent = Long.parseLong(pattern);
      } catch (NumberFormatException e) {
        return;
      }
      synchronized (RedisMirror.this) {
        if (listener != this || !synced) {
          return;
        }
        lastPongNanos = System.nanoTime();
      }
      freshUntil.accumulateAndGet(sent, Math::max);
    }
  }
}
