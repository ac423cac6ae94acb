package dev.signet.revocation;

import dev.signet.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.signet.redis.RedisConnector;
import dev.signet.redis.RedisOptions;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A revocation store in Redis, for many gateways: each verifier keeps a local mirror of the
 * list, so verification never waits on the network.
 *
 * <pre>{@code
 * RedisRevocationList list = RedisRevocationList.builder("rediss://signet@redis.internal:6380")
 *     .passwordFile(Path.of("/run/secrets/redis-password"))
 *     .trustedCertificates(Path.of("/etc/signet/redis-ca.pem"))
 *     .build();
 * TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("api")
 *     .revocations(list).build();
 * }</pre>
 *
 * <p><b>Where.</b> One server ({@code redis://}, {@code rediss://} for TLS), a Sentinel-managed
 * master ({@code redis-sentinel://h:p,h:p/MASTER}) or a Cluster ({@code redis-cluster://h:p,h:p});
 * an ACL user in the URL; the password never in the URL (refused, and never repeated in a
 * message) but from {@link Builder#passwordFromEnvironment}, {@link Builder#passwordFile} or
 * {@link Builder#password}. TLS always verifies the server's host name.
 *
 * <p><b>How it works</b> (docs/REVOCATION.md has the whole story). Every entry is one Redis key
 * whose TTL ends at the entry's expiry; {@link #revoke} writes it and publishes the change in one
 * atomic script ({@link RedisWriter}), optionally waiting for replicas. Every instance keeps a
 * mirror ({@link RedisMirror}): it applies each published change, resyncs after every
 * (re)subscription, and proves itself fresh with a {@code PING} on its subscription every
 * heartbeat (default 1 s). Past the staleness bound (default 5 s) without such a proof,
 * {@link #check} answers {@link Status#UNAVAILABLE} for every token it does not know to be
 * revoked, and the verifier's policy applies: reject with {@code REVOCATION_UNAVAILABLE} (the
 * default), or accept if it was built with {@code failOpenOnRevocationErrors()} (the risk: a
 * revocation made during the outage is not enforced until the mirror catches up). When a mirror
 * finds Redis wiped or replaced, it writes back the live entries it holds and counts it
 * ({@link #wipesDetected()}); for this it keeps every entry's id beside the index (about 100
 * bytes more per entry).
 *
 * <p>Needs Redis 6.2 or later and the optional dependency {@code redis.clients:jedis}, any version
 * from 6.0 to 8.x.
 */
public final class RedisRevocationList implements RevocationStore {
  /** The default key prefix (every name is {@code "{" + prefix + "}" + ...}). */
  public static final String DEFAULT_KEY_PREFIX = "signet:revocation:";
  /** The default heartbeat interval. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
  /** The default staleness bound. */
  public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofSeconds(5);
  /** The default time {@link #revoke} waits for replicas when {@link Builder#waitForReplicas} asks it to. */
  public static final Duration DEFAULT_REPLICA_TIMEOUT = Duration.ofSeconds(2);

  private final RedisConnector connector;
  private final RedisWire wire;
  private final Clock clock;
  private final long stalenessMs;
  private final String clientName;
  private final RevocationIndex index;
  private final RedisMirror mirror;
  private final RedisWriter writer;

  private RedisRevocationList(Builder b, RedisConnector connector, String clientName) throws IOException {
    this.connector = connector;
    this.clientName = clientName;
    this.wire = new RedisWire(b.prefix);
    this.clock = b.clock;
    this.stalenessMs = b.staleness.toMillis();
    this.writer = new RedisWriter(connector, wire, b.waitReplicas, b.waitTimeout.toMillis());
    this.index = new RevocationIndex(clock);
    String where = connector.where();
    if (!b.mirror) {
      // Write-only: no subscription, no threads; connect once now so a bad address fails here.
      this.mirror = null;
      try {
        writer.connect();
      } catch (JedisException e) {
        throw new IOException("cannot reach Redis at " + where + ": " + RedisConnector.describe(e), e);
      }
      return;
    }
    this.mirror = new RedisMirror(connector, wire, clock, b.heartbeat.toMillis(), index);
    try {
      mirror.start().get(b.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      Throwable c = e.getCause();
      throw new IOException("cannot reach Redis at " + where + ": " + RedisConnector.describe(c), c);
    } catch (TimeoutException e) {
      close();
      throw new IOException("Redis at " + where + " did not complete the initial sync within "
          + b.startTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to Redis", e);
    }
  }

  /** A builder for one server at {@code host:port}, without TLS. */
  public static Builder builder(String host, int port) {
    return new Builder(RedisOptions.builder(host, port));
  }

  /**
   * A builder for the Redis deployment a URL names (the forms are in {@link RedisOptions}); a
   * {@code ?prefix=} in the URL sets the {@linkplain Builder#keyPrefix key prefix}.
   *
   * @throws IllegalArgumentException if the URL is malformed or carries a password; the message
   *     never repeats the password
   */
  public static Builder builder(String url) {
    return new Builder(RedisOptions.builder(url));
  }

  /**
   * A builder over connection options made beforehand (shared, for example, with a
   * {@code RedisKeyset}); a {@code ?prefix=} in their URL sets the key prefix.
   */
  public static Builder builder(RedisOptions redis) {
    return new Builder(Objects.requireNonNull(redis, "redis"));
  }

  /**
   * Removes anything that could be a password from a Redis URL, for messages and logs: whatever
   * lies between the first {@code ':'} after the scheme and the last {@code '@'} becomes
   * {@code ***}.
   */
  public static String redact(String url) {
    return RedisOptions.redact(url);
  }

  @Override
  public Status check(Session session) {
    if (mirror == null) {
      return Status.UNAVAILABLE;
    }
    if (index.isRevoked(session)) {
      return Status.REVOKED;
    }
    return isFresh() ? Status.NOT_REVOKED : Status.UNAVAILABLE;
  }

  /**
   * Writes the entry to Redis with its TTL and publishes it to every instance, then makes it
   * visible to this instance's {@link #check}. With {@link Builder#waitForReplicas} it returns
   * only once that many replicas have it. An entry already past its expiry is ignored.
   *
   * @throws IOException if Redis could not be reached (after one retry on a new connection, which
   *     finds the current master after a failover), or fewer replicas than asked confirmed the
   *     entry in time (it is then written, but not as durable as configured)
   */
  @Override
  public void revoke(Revocation entry) throws IOException {
    Objects.requireNonNull(entry, "entry");
    long expires = entry.expiresAt().toEpochMilli();
    if (clock.millis() >= expires) {
      return;
    }
    String suffix = RedisWire.suffix(entry);
    long confirmed = writer.write(suffix, expires);
    if (mirror != null) {
      // Written (if perhaps not to as many replicas as asked): enforce it here at once.
      mirror.add(suffix, expires, entry);
    }
    writer.checkReplicas(confirmed);
  }


  /** The number of entries in the local mirror, expired ones not yet purged included. */
  public int size() {
    return index.size();
  }

  /** Whether the mirror is within its staleness bound now. */
  public boolean isFresh() {
    if (mirror == null) {
      return false;
    }
    long fresh = mirror.freshUntil.get();
    if (fresh == Long.MIN_VALUE) {
      return false;
    }
    long age = clock.millis() - fresh;
    // A clock that jumped backwards also counts as stale until the next heartbeat proves freshness.
    return age <= stalenessMs && age >= -stalenessMs;
  }

  /**
   * How long ago the mirror was last proven complete (by a resync or a heartbeat); empty before
   * the first proof and without a mirror. {@link #check} answers UNAVAILABLE once this exceeds
   * the staleness bound.
   */
  public Optional<Duration> mirrorAge() {
    long fresh = mirror == null ? Long.MIN_VALUE : mirror.freshUntil.get();
    return fresh == Long.MIN_VALUE ? Optional.empty() : Optional.of(Duration.ofMillis(clock.millis() - fresh));
  }

  /** How many full resyncs have completed (one at start, one after each reconnect). */
  public long resyncCount() {
    return mirror == null ? 0 : mirror.resyncs.get();
  }

  /** How long the last full resync took, in milliseconds; -1 before the first. */
  public long lastResyncMillis() {
    return mirror == null ? -1 : mirror.lastResyncMillis;
  }

  /**
   * How many times this mirror found Redis wiped or replaced (its generation marker gone or
   * changed) and wrote its live entries back. Anything above 0 means Redis lost data: check its
   * persistence (docs/REVOCATION.md, "Durability").
   */
  public long wipesDetected() {
    return mirror == null ? 0 : mirror.wipeGuard.wipes.get();
  }

  /** When this mirror last found Redis wiped or replaced; empty if never. */
  public Optional<Instant> lastWipeDetected() {
    long at = mirror == null ? Long.MIN_VALUE : mirror.wipeGuard.lastWipeAt;
    return at == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
  }

  /** How many entries this mirror wrote back into a wiped Redis (those Redis lacked), in total. */
  public long entriesWrittenBack() {
    return mirror == null ? 0 : mirror.wipeGuard.republished.get();
  }

  /** The client name of this instance's connections ({@code CLIENT LIST}), unique per instance. */
  String clientName() {
    return clientName;
  }

  /** Unsubscribes, stops the threads and closes the connections. */
  @Override
  public void close() {
    if (mirror != null) {
      mirror.close();
    }
    writer.close();
  }

  /** Configures a {@link RedisRevocationList}; each setter validates its argument at once. */
  public static final class Builder {
    private final RedisOptions.Builder options;
    private final RedisOptions built;
    private String prefix = DEFAULT_KEY_PREFIX;
    private Clock clock = Clock.systemUTC();
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Duration staleness = DEFAULT_STALENESS_BOUND;
    private Duration startTimeout = Duration.ofSeconds(60);
    private boolean mirror = true;
    private int waitReplicas;
    private Duration waitTimeout = DEFAULT_REPLICA_TIMEOUT;

    private Builder(RedisOptions.Builder options) {
      this.options = options;
      this.built = null;
      options.urlPrefix().ifPresent(this::keyPrefix);
    }

    private Builder(RedisOptions redis) {
      this.options = null;
      this.built = redis;
      redis.urlPrefix().ifPresent(this::keyPrefix);
    }

    private RedisOptions.Builder options(String what) {
      if (options == null) {
        throw new IllegalStateException(what + " is set on the RedisOptions this builder was given");
      }
      return options;
    }

    /**
     * The prefix inside the hash tag of every name: keys are {@code "{" + prefix + "}" + ...};
     * default {@value #DEFAULT_KEY_PREFIX}. 1 to 200 characters, without braces.
     */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty() || prefix.length() > 200) {
        throw new IllegalArgumentException("keyPrefix must be 1 to 200 characters");
      }
      if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
        throw new IllegalArgumentException("keyPrefix must not contain '{' or '}' (Signet adds the hash tag itself)");
      }
      this.prefix = prefix;
      return this;
    }

    /** The ACL user (overrides a user in the URL); default the URL's, or Redis's default user. */
    public Builder user(String user) {
      options("user").user(user);
      return this;
    }

    /** The password, held by the application (copied; wipe your array after). */
    public Builder password(char[] password) {
      options("password").password(password);
      return this;
    }

    /** The password from an environment variable, read by {@link #build()}. */
    public Builder passwordFromEnvironment(String variable) {
      options("password").passwordFromEnvironment(variable);
      return this;
    }

    /**
     * The password from a file, read by {@link #build()}: a regular file (a symbolic link is
     * followed and its target checked) that only its owner may access, UTF-8, one trailing line
     * break removed, at most 4096 bytes.
     */
    public Builder passwordFile(Path file) {
      options("password").passwordFile(file);
      return this;
    }

    /**
     * For TLS ({@code rediss://...}): the PEM file of the CA certificates to trust instead of
     * the JDK's default trust store. The server's certificate must still name the host (or IP
     * address) in the URL, or the one Sentinel or Cluster reports; that check cannot be turned off.
     */
    public Builder trustedCertificates(Path caPemFile) {
      options("trustedCertificates").trustedCertificates(caPemFile);
      return this;
    }

    /**
     * For TLS with client authentication: the client's PEM certificate chain and its
     * unencrypted PKCS#8 PEM key ({@code -----BEGIN PRIVATE KEY-----}), which only its owner may
     * access.
     */
    public Builder clientCertificate(Path certPemFile, Path keyPemFile) {
      options("clientCertificate").clientCertificate(certPemFile, keyPemFile);
      return this;
    }

    /**
     * Makes {@link RevocationStore#revoke} return only once {@code replicas} replicas of the
     * master have the entry (Redis {@code WAIT}), and fail with an {@code IOException} if fewer
     * confirm within {@code timeout}. Default 0: {@code revoke} returns once the master has it.
     * With Sentinel, 1 means an acknowledged revocation survives the loss of the master.
     */
    public Builder waitForReplicas(int replicas, Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (replicas < 0 || replicas > 100) {
        throw new IllegalArgumentException("replicas must be between 0 and 100");
      }
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("timeout must be between 1 ms and 1 minute");
      }
      this.waitReplicas = replicas;
      this.waitTimeout = timeout;
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
      options("connectTimeout").connectTimeout(timeout);
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
     * Reads the password and TLS files, connects, subscribes and completes the first full
     * resync before returning (without a mirror: connects only). A server that cannot be
     * reached, or refuses the credentials, fails at the first attempt.
     *
     * @throws IOException if a password or TLS file cannot be used, Redis cannot be reached or
     *     refuses the credentials, or the first resync does not complete in time
     * @throws IllegalStateException if the staleness bound is shorter than two heartbeat
     *     intervals, or TLS files are given for a URL without TLS
     */
    public RedisRevocationList build() throws IOException {
      if (staleness.compareTo(heartbeat.multipliedBy(2)) < 0) {
        throw new IllegalStateException("stalenessBound must be at least two heartbeat intervals");
      }
      RedisOptions redis = built != null ? built : options.build();
      Duration socket = Duration.ofMillis(Math.max(10_000, waitTimeout.toMillis() + 5_000));
      String name = "signet-revocations-" + Long.toHexString(new SecureRandom().nextLong() & 0xFFFFFFFFFFFFL);
      RedisConnector connector = redis.connector(name, new RedisWire(prefix).tag(), socket);
      return new RedisRevocationList(this, connector, name);
    }
  }
}
