package dev.signet.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeysetSource} over a keyset file that picks up changes (a rotation, a new export)
 * without a restart: issuers and verifiers built over it use the new keys on their next call.
 *
 * <pre>{@code
 * ReloadingKeyset keys = ReloadingKeyset.builder(KeysetFile.at(path)).interval(Duration.ofSeconds(5)).start();
 * TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("api").build();
 * }</pre>
 *
 * <p>A background daemon thread reads the file every {@linkplain Builder#interval(Duration)
 * interval} (default 5 s, so a rotated file is in use within 5 s) and loads it when its SHA-256
 * differs from the last loaded content. {@link #current()} never does I/O: it returns the last
 * keyset that loaded.
 *
 * <p><b>Security:</b> a file that fails to load (half written by a tool that does not write
 * atomically, corrupt, wrong permissions, wrong passphrase, no active key) is refused with one
 * WARN per distinct content, and the last good keyset stays in use. The WARN names the file and
 * the problem, never key material.
 */
public final class ReloadingKeyset implements KeysetSource, AutoCloseable {
  /** The default polling interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyset.class);

  private final KeysetFile file;
  private final ScheduledExecutorService scheduler;
  private volatile Keyset current;
  private byte[] loadedHash;
  private byte[] refusedHash;
  private volatile KeysetFileException lastError;
  private volatile long generation = 1;
  private volatile java.time.Instant loadedAt = java.time.Instant.now();

  private ReloadingKeyset(KeysetFile file, Keyset first, byte[] hash, Duration interval) {
    this.file = file;
    this.current = first;
    this.loadedHash = hash;
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "signet-keyset-reload");
          t.setDaemon(true);
          return t;
        };
    this.scheduler = Executors.newSingleThreadScheduledExecutor(tf);
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** A builder over {@code file}. */
  public static Builder builder(KeysetFile file) {
    return new Builder(file);
  }

  /** The last keyset that loaded; never does I/O. */
  @Override
  public Keyset current() {
    return current;
  }

  /**
   * Checks the file now instead of waiting for the next poll.
   *
   * @return whether a new keyset was loaded
   */
  public boolean reloadNow() {
    return check();
  }

  /** The problem with the file's current content, if the last check refused it. */
  public java.util.Optional<KeysetFileException> lastError() {
    return java.util.Optional.ofNullable(lastError);
  }

  /** How many keysets have loaded: 1 after start, one more per reload that changed the keys. */
  public long generation() {
    return generation;
  }

  /** When the keyset {@link #current()} returns was loaded (by the system clock). */
  public java.time.Instant loadedAt() {
    return loadedAt;
  }

  /** The file this source watches. */
  public KeysetFile file() {
    return file;
  }

  /** Stops polling; {@link #current()} keeps returning the last keyset. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private void poll() {
    try {
      check();
    } catch (RuntimeException e) {
      // Never let the polling thread die; the last good keyset stays in use.
      LOG.warn("keyset reload of {} failed unexpectedly: {}", file.path(), e.getClass().getSimpleName());
    }
  }

  private synchronized boolean check() {
    byte[] content;
    try {
      content = file.readBytes();
    } catch (KeysetFileException e) {
      refuse(null, e);
      return false;
    }
    byte[] hash = sha256(content);
    if (Arrays.equals(hash, loadedHash)) {
      Arrays.fill(content, (byte) 0);
      lastError = null;
      refusedHash = null;
      return false;
    }
    if (Arrays.equals(hash, refusedHash)) {
      Arrays.fill(content, (byte) 0);
      return false;
    }
    try {
      Keyset next = file.parse(content);
      current = next;
      loadedAt = java.time.Instant.now();
      generation++;
      loadedHash = hash;
      refusedHash = null;
      lastError = null;
      LOG.info("keyset reloaded from {}: {}", file.path(), next);
      return true;
    } catch (KeysetFileException e) {
      refuse(hash, e);
      return false;
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private void refuse(byte[] hash, KeysetFileException e) {
    boolean repeated =
        hash == null
            ? lastError != null && lastError.reason() == e.reason() && refusedHash == null
            : Arrays.equals(hash, refusedHash);
    refusedHash = hash;
    lastError = e;
    if (!repeated) {
      LOG.warn("keyset file refused, keeping the last good keyset: {}", e.getMessage());
    }
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Configures a {@link ReloadingKeyset}. */
  public static final class Builder {
    private final KeysetFile file;
    private Duration interval = DEFAULT_INTERVAL;

    private Builder(KeysetFile file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /** How often the file is checked; from 10 ms to 10 minutes, default 5 s. */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("interval must be between 10 ms and 10 minutes");
      }
      this.interval = interval;
      return this;
    }

    /**
     * Loads the file and starts watching it.
     *
     * @throws KeysetFileException if the file does not load now (a verifier must not start
     *     without keys)
     */
    public ReloadingKeyset start() throws KeysetFileException {
      byte[] content = file.readBytes();
      try {
        Keyset first = file.parse(content);
        return new ReloadingKeyset(file, first, sha256(content), interval);
      } finally {
        Arrays.fill(content, (byte) 0);
      }
    }
  }
}
