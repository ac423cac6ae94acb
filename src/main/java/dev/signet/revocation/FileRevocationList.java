package dev.signet.revocation;

import dev.signet.Session;
import dev.signet.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A revocation store in an append-only file, shared by the processes of one host: a gateway
 * verifying, an operator running {@code signet revoke}.
 *
 * <pre>{@code
 * try (FileRevocationList list = FileRevocationList.open(Path.of("/var/lib/signet/revocations.log"))) {
 *   TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("api")
 *       .revocations(list).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #revoke} appends one checksummed record and forces it to stable storage
 * ({@link FileChannel#force}) before it returns. {@link #open} replays the log into local memory;
 * {@link #check} answers from that memory only. A background thread follows the file, so records
 * appended by another process are enforced within the poll interval (default 1 s), and drops
 * expired entries. When most records in the file have expired, the log is compacted: rewritten
 * with the live records only and atomically renamed over the old one.
 *
 * <p>Writers (appends, compaction, truncation of a torn tail) hold a lock file beside the log
 * ({@code NAME.lock}) through an OS file lock plus a lock inside the JVM (OS file locks are held
 * per process), so concurrent appenders in any process never lose a record and a compaction never
 * drops one.
 *
 * <p>Files: every file the store creates (the log, {@code NAME.lock}, and the temporary
 * {@code NAME.new} and {@code NAME.compact} it renames into place) is created owner-only (0600)
 * whatever the process's umask, because the log holds subjects (often e-mail addresses),
 * {@code sid}s and {@code jti}s. A compacted log keeps the owner and group permissions of the log
 * it replaces (so a log an operator made group-writable for a second service account stays so)
 * and never any permission for others. Processes sharing one log run as its owner or in its
 * group.
 *
 * <p><b>Security:</b> a torn last record (a crash during an append) is detected by length and
 * CRC32C and skipped, never interpreted; a damaged file that is not a torn tail is refused at open.
 * If the followed file later becomes unreadable or corrupt, {@link #check} answers
 * {@link Status#UNAVAILABLE} until it is readable again, so the verifier's revocation policy
 * applies (fail closed by default).
 */
public final class FileRevocationList implements RevocationStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileRevocationList.class);

  /** The default poll interval for records appended by other processes. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** How often the background thread drops expired entries from memory. */
  static final long PURGE_EVERY_MS = 10_000;

  private final Path path;
  private final Path lockPath;
  private final RevocationIndex index;
  private final int compactMinRecords;
  private final ScheduledExecutorService follower;

  /** Guards {@link #file}; readers of the index never take it. */
  private final Object state = new Object();
  private final RevocationLogFile file;
  private volatile boolean broken;

  private FileRevocationList(Builder b) throws IOException {
    this.path = b.path.toAbsolutePath().normalize();
    this.lockPath = path.resolveSibling(path.getFileName() + ".lock");
    this.index = new RevocationIndex(b.clock);
    this.compactMinRecords = b.compactMinRecords;
    this.file = new RevocationLogFile(path);
    if (!b.createIfMissing && !Files.exists(path)) {
      // Checked before the lock file is made, so a mistyped path leaves nothing behind.
      throw new NoSuchFileException(path.toString(), null, "no such revocation log");
    }
    withLock(() -> {
      file.createIfMissing(b.createIfMissing);
      reopen();
      return null;
    });
    if (b.pollInterval.isZero()) {
      follower = null;
    } else {
      follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signet-revocations-" + path.getFileName());
        t.setDaemon(true);
        return t;
      });
      long ms = b.pollInterval.toMillis();
      follower.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Opens (creating it if missing) the log at {@code path} with the defaults: system clock,
   * following the file every second, compaction when at least 1000 records are mostly expired.
   *
   * @throws IOException if the file cannot be created or read, or is not a revocation log
   */
  public static FileRevocationList open(Path path) throws IOException {
    return builder(path).build();
  }

  /** A builder for the log at {@code path}. */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  @Override
  public Status check(Session session) {
    if (index.isRevoked(session)) {
      return Status.REVOKED;
    }
    return broken ? Status.UNAVAILABLE : Status.NOT_REVOKED;
  }

  /**
   * Appends the entry, forces it to stable storage, then makes it visible to {@link #check}.
   *
   * @throws IOException if the record could not be written and forced; it may then be lost
   */
  @Override
  public void revoke(Revocation entry) throws IOException {
    Objects.requireNonNull(entry, "entry");
    ByteBuffer record = RevocationLog.encode(entry);
    withLock(() -> {
      synchronized (state) {
        // Another instance may have compacted the log: append to the file the path names now.
        file.catchUpForWriting(index::add);
        file.append(record);
      }
      index.add(entry);
      return null;
    });
    maybeCompact();
  }

  /**
   * Reads records appended by other processes since the last read (the background thread does
   * this every poll interval, and drops expired entries every 10 s).
   *
   * @throws IOException if the file cannot be read or has become corrupt
   */
  public void refresh() throws IOException {
    boolean replaced;
    synchronized (state) {
      file.ensureOpen();
      replaced = file.isReplaced();
      if (!replaced) {
        file.catchUp(index::add, false);
      }
    }
    if (replaced) {
      // Replaced by a compaction: read the new file from its start (the lock comes first).
      withLock(() -> {
        reopen();
        return null;
      });
    }
    broken = false;
  }

  /**
   * Rewrites the log with only its live records, if at least {@code minRecords} records are in
   * the file and fewer than half of them are live. The new file replaces the old one atomically.
   *
   * @return whether the log was rewritten
   */
  public boolean compactIfMostlyExpired() throws IOException {
    index.purgeExpired();
    synchronized (state) {
      long records = file.records();
      if (records < compactMinRecords || index.size() * 2L >= records) {
        return false;
      }
    }
    compact();
    return true;
  }

  /** Rewrites the log now with only its live (unexpired) records, atomically. */
  public void compact() throws IOException {
    withLock(() -> {
      synchronized (state) {
        file.catchUpForWriting(index::add);
        Instant at = Instant.ofEpochMilli(index.clock().millis());
        // One record per entry: the widest of its duplicates, in first-seen order.
        Map<String, Revocation> live = new LinkedHashMap<>();
        file.readAll(r -> {
          if (!r.isExpired(at)) {
            live.merge(r.kind() + ":" + r.id().orElse(""), r, Revocations::wider);
          }
        });
        file.rewrite(live.values());
        reopen();
        LOG.info("compacted revocation log {}: {} live records", path, live.size());
      }
      return null;
    });
    index.purgeExpired();
  }

  /** The number of entries in local memory, expired ones not yet purged included. */
  public int size() {
    return index.size();
  }

  /** Whether the last read of the file succeeded; {@link #check} answers UNAVAILABLE while it has not. */
  public boolean isFresh() {
    return !broken;
  }

  /** The log file. */
  public Path path() {
    return path;
  }

  /** Stops following the file and closes it. */
  @Override
  public void close() throws IOException {
    if (follower != null) {
      follower.shutdownNow();
      try {
        follower.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (state) {
      file.close();
    }
  }

  private void poll() {
    try {
      refresh();
      if (index.purgeExpiredIfDue(PURGE_EVERY_MS) >= 0) {
        compactIfMostlyExpired();
      }
    } catch (IOException | RuntimeException e) {
      if (!broken) {
        LOG.warn("revocation log {} cannot be followed; answering UNAVAILABLE until it can: {}", path, e.toString());
      }
      broken = true;
    }
  }

  private void maybeCompact() {
    try {
      compactIfMostlyExpired();
    } catch (IOException e) {
      LOG.warn("compaction of revocation log {} failed; the log stays as it is: {}", path, e.toString());
    }
  }

  /** Opens the file the path names now and replays it into the index. Caller holds the lock. */
  private void reopen() throws IOException {
    synchronized (state) {
      file.reopen(index::add);
    }
  }

  private interface Action {
    Object run() throws IOException;
  }

  /** Runs under the in-JVM lock and the OS lock of the lock file, in that order. */
  private void withLock(Action action) throws IOException {
    AtomicFiles.withLockFile(lockPath, () -> {
      action.run();
      return null;
    });
  }

  /** Configures a {@link FileRevocationList}. */
  public static final class Builder {
    private final Path path;
    private Clock clock = Clock.systemUTC();
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int compactMinRecords = 1000;
    private boolean createIfMissing = true;

    private Builder(Path path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    /** The clock for entry expiry; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often the file is checked for records appended by other processes (and expired
     * entries dropped); default 1 s, at most 1 minute. {@link Duration#ZERO} starts no thread:
     * the list then sees only what it read at open, what it appends itself, and what
     * {@link FileRevocationList#refresh()} reads (right for a one-shot command).
     */
    public Builder pollInterval(Duration pollInterval) {
      Objects.requireNonNull(pollInterval, "pollInterval");
      if (pollInterval.isNegative() || pollInterval.compareTo(Duration.ofMinutes(1)) > 0
          || (!pollInterval.isZero() && pollInterval.toMillis() < 10)) {
        throw new IllegalArgumentException("pollInterval must be zero or between 10 ms and 1 minute");
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * The least number of records in the file before a compaction is considered; default 1000.
     * A compaction runs when fewer than half of the records are live.
     */
    public Builder compactMinRecords(int compactMinRecords) {
      if (compactMinRecords < 1) {
        throw new IllegalArgumentException("compactMinRecords must be at least 1");
      }
      this.compactMinRecords = compactMinRecords;
      return this;
    }

    /**
     * Whether {@link #build()} creates the log when the file does not exist; default true. With
     * false, a missing file is a {@link NoSuchFileException}, so a mistyped path cannot silently
     * become an empty list. Either way an existing empty file is taken as an empty log.
     */
    public Builder createIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
      return this;
    }

    /**
     * Opens the log, creating it if missing (unless told otherwise), and replays it.
     *
     * @throws IOException if the file cannot be created or read, or is not a revocation log
     */
    public FileRevocationList build() throws IOException {
      return new FileRevocationList(this);
    }
  }
}
