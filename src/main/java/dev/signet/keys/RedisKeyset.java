package dev.signet.keys;

import dev.signet.redis.RedisConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link KeysetSource} that follows a keyset (or a verifier view) kept in Redis by a
 * {@link RedisKeysetStore}: every gateway of a fleet uses each rotation's keys within a second,
 * with no restart.
 *
 * <pre>{@code
 * RedisKeyset keys = RedisKeyset.builder(RedisKeysetStore.at(redis, "prod-verify", passphrase))
 *     .pollInterval(Duration.ofSeconds(5)).start();
 * TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("api").build();
 * }</pre>
 *
 * <p><b>How it follows.</b> It subscribes to the keyset's change channel and reads the value
 * again on every notice (and on every (re)subscription), and it also reads it every
 * {@linkplain Builder#pollInterval poll interval} (default 5 s), so a lost notice costs at most
 * one poll interval. A value whose SHA-256 is the one in use is not opened again (opening costs
 * one Argon2id derivation). {@link #current()} never does I/O.
 *
 * <p><b>When Redis is away</b>, the last good keyset stays in use: keys are never dropped. One
 * WARN line is logged per outage and one INFO line when Redis answers again, {@link #isStale()}
 * says the keyset is stale, and it recovers by itself (the subscription is re-made too).
 *
 * <p><b>Security:</b> a value that does not open under the passphrase (forged, altered), a
 * plaintext value, a value that breaks a keyset rule, and a value older than the keyset in use
 * (its newest key time is earlier: a rollback, {@link KeysetFileException.Reason#ROLLED_BACK})
 * are refused with one WARN per distinct value, and the last good keyset stays in use. Log lines
 * name the keyset and the problem, never key material.
 */
public final class RedisKeyset implements KeysetSource, AutoCloseable {
  /** The default poll interval. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(RedisKeyset.class);

  private final RedisKeysetStore store;
  private final RedisConnector connector;
  private final Clock clock;
  private final long pollMs;
  private final ScheduledExecutorService scheduler;
  private final Thread subscriber;
  private volatile boolean closed;
  private volatile Keyset current;
  private volatile Instant loadedAt;
  private volatile long generation = 1;
  private volatile Instant lastContact;
  private volatile Instant unreachableSince;
  private volatile KeysetFileException lastError;
  private volatile Jedis subscription;
  private Jedis poller;
  private byte[] loadedHash;
  private byte[] refusedHash;

  private RedisKeyset(Builder b, RedisConnector connector, Jedis first, Keyset keyset, byte[] hash) {
    this.store = b.store;
    this.connector = connector;
    this.clock = b.clock;
    this.pollMs = b.pollInterval.toMillis();
    this.poller = first;
    this.current = keyset;
    this.loadedHash = hash;
    this.loadedAt = clock.instant();
    this.lastContact = loadedAt;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "signet-keyset-poll"));
    scheduler.scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
    this.subscriber = daemon(this::subscribeLoop, "signet-keyset-notices");
    subscriber.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** A builder over {@code store}. */
  public static Builder builder(RedisKeysetStore store) {
    return new Builder(store);
  }

  /** The last keyset that loaded; never does I/O. */
  @Override
  public Keyset current() {
    return current;
  }

  /**
   * Reads the value now instead of waiting for a notice or the next poll.
   *
   * @return whether a new keyset was loaded
   */
  public boolean reloadNow() {
    return check();
  }

  /** How many keysets have loaded: 1 after start, one more per reload that changed the keys. */
  public long generation() {
    return generation;
  }

  /** When the keyset {@link #current()} returns was loaded. */
  public Instant loadedAt() {
    return loadedAt;
  }

  /** Why the last read did not load the stored value: Redis unreachable ({@code IO}) or the value refused. */
  public Optional<KeysetFileException> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** When Redis last answered a read. */
  public Instant lastContact() {
    return lastContact;
  }

  /**
   * Whether the keyset in use may not be the one stored: the last read failed (Redis away) or
   * refused the value, or Redis has not answered for more than two poll intervals. The keyset
   * in use stays valid for verification; stale only says a rotation may not have reached it.
   */
  public boolean isStale() {
    return lastError != null
        || Duration.between(lastContact, clock.instant()).toMillis() > 2 * pollMs;
  }

  /** The store followed. */
  public RedisKeysetStore store() {
    return store;
  }

  /** Stops following; {@link #current()} keeps returning the last keyset. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    subscriber.interrupt();
    RedisConnector.closeQuietly(subscription);
    synchronized (this) {
      RedisConnector.closeQuietly(poller);
      poller = null;
    }
    try {
      scheduler.awaitTermination(2, TimeUnit.SECONDS);
      subscriber.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void poll() {
    try {
      check();
    } catch (RuntimeException e) {
      // Never let the polling thread die; the last good keyset stays in use.
      LOG.warn("keyset reload of {} failed unexpectedly: {}", store.location(), e.getClass().getSimpleName());
    }
  }

  private synchronized boolean check() {
    if (closed) {
      return false;
    }
    byte[] value;
    try {
      if (poller == null) {
        poller = connector.connect().jedis();
      }
      value = store.get(poller);
    } catch (JedisException | KeysetFileException e) {
      boolean gone = e instanceof JedisException || ((KeysetFileException) e).reason() == KeysetFileException.Reason.IO;
      if (gone) {
        RedisConnector.closeQuietly(poller);
        poller = null;
        unreachable(e instanceof KeysetFileException ? (KeysetFileException) e
            : store.unreachable("cannot reach", (JedisException) e));
      } else {
        reachable();
        refuse(null, (KeysetFileException) e);
      }
      return false;
    }
    reachable();
    byte[] hash = ReloadingKeyset.sha256(value);
    try {
      if (Arrays.equals(hash, loadedHash)) {
        lastError = null;
        refusedHash = null;
        return false;
      }
      if (Arrays.equals(hash, refusedHash)) {
        return false;
      }
      Keyset next = store.parse(value);
      Instant have = Rotation.newestTime(current);
      Instant got = Rotation.newestTime(next);
      if (got.isBefore(have)) {
        refuse(hash, new KeysetFileException(KeysetFileException.Reason.ROLLED_BACK, store.location()
            + ": the stored keyset is older than the one in use (newest key time " + got + ", in use " + have
            + "); refusing a rollback"));
        return false;
      }
      current = next;
      loadedAt = clock.instant();
      generation++;
      loadedHash = hash;
      refusedHash = null;
      lastError = null;
      LOG.info("keyset reloaded from {}: {}", store.location(), next);
      return true;
    } catch (KeysetFileException e) {
      refuse(hash, e);
      return false;
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  private void unreachable(KeysetFileException e) {
    if (unreachableSince == null) {
      unreachableSince = clock.instant();
      LOG.warn("keyset store unreachable, keeping the last good keyset (generation {}, loaded {}): {}",
          generation, loadedAt, e.getMessage());
    }
    lastError = e;
  }

  private void reachable() {
    lastContact = clock.instant();
    Instant since = unreachableSince;
    if (since != null) {
      unreachableSince = null;
      lastError = null;
      LOG.info("keyset store {} answers again after {} s", store.location(),
          Duration.between(since, lastContact).toSeconds());
      // The subscription may sit on a connection that died without a word: make it anew.
      RedisConnector.closeQuietly(subscription);
    }
  }

  private void refuse(byte[] hash, KeysetFileException e) {
    boolean repeated = hash == null
        ? lastError != null && lastError.reason() == e.reason() && refusedHash == null
        : Arrays.equals(hash, refusedHash);
    refusedHash = hash;
    lastError = e;
    if (!repeated) {
      LOG.warn("keyset in Redis refused, keeping the last good keyset: {}", e.getMessage());
    }
  }

  private void subscribeLoop() {
    JedisPubSub listener =
        new JedisPubSub() {
          @Override
          public void onSubscribe(String channel, int count) {
            // Whatever changed while unsubscribed is read now.
            schedule();
          }

          @Override
          public void onMessage(String channel, String message) {
            schedule();
          }
        };
    while (!closed) {
      Jedis j = null;
      try {
        j = connector.connect().jedis();
        subscription = j;
        if (closed) {
          break;
        }
        j.subscribe(listener, store.channel());
      } catch (JedisException | IllegalStateException e) {
        // The poller reports outages; here only wait and subscribe again.
      } finally {
        RedisConnector.closeQuietly(j);
        subscription = null;
      }
      try {
        Thread.sleep(Math.min(pollMs, 500));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void schedule() {
    try {
      scheduler.execute(this::poll);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  /** Configures a {@link RedisKeyset}. */
  public static final class Builder {
    private final RedisKeysetStore store;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Clock clock = Clock.systemUTC();

    private Builder(RedisKeysetStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * How often the value is read besides on notices: the longest a lost notice delays a
     * rotation, and the propagation delay to declare to rotation. From 10 ms to 10 minutes,
     * default 5 s.
     */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("pollInterval must be between 10 ms and 10 minutes");
      }
      this.pollInterval = interval;
      return this;
    }

    /** The clock for the staleness and load times; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Loads the keyset and starts following it.
     *
     * @throws KeysetFileException if it does not load now (a verifier must not start without
     *     keys): Redis unreachable ({@code IO}), no such keyset, or the value is refused
     */
    public RedisKeyset start() throws KeysetFileException {
      RedisConnector connector = store.connector("follow", Duration.ofSeconds(2));
      Jedis j;
      try {
        j = connector.connect().jedis();
      } catch (JedisException e) {
        throw store.unreachable("cannot reach", e);
      }
      try {
        byte[] value = store.get(j);
        try {
          Keyset first = store.parse(value);
          return new RedisKeyset(this, connector, j, first, ReloadingKeyset.sha256(value));
        } finally {
          Arrays.fill(value, (byte) 0);
        }
      } catch (KeysetFileException | RuntimeException e) {
        RedisConnector.closeQuietly(j);
        throw e;
      }
    }
  }
}
