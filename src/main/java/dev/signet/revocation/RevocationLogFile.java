package dev.signet.revocation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file behind a {@link FileRevocationList}: the open channel on the log the path names now,
 * how far it has been read, and the file operations (create, append and force, rewrite into a
 * temporary file and rename it into place). The record format is {@link RevocationLog}'s; the
 * locking and the index are {@link FileRevocationList}'s.
 *
 * <p>Not thread-safe: the list calls it while holding its state monitor. Every method that
 * writes (append, truncating a torn tail, create, rewrite) is called with the list's lock file
 * held as well.
 */
final class RevocationLogFile {
  // Logged under the public type's name, the one operators configure.
  private static final Logger LOG = LoggerFactory.getLogger(FileRevocationList.class);

  /** Owner read and write (0600): every file the store creates starts so. */
  private static final Set<PosixFilePermission> OWNER_ONLY =
      Set.copyOf(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

  private final Path path;
  private FileChannel channel;
  private Object fileKey;
  private long end;
  private long records;
  private boolean closed;

  RevocationLogFile(Path path) {
    this.path = path;
  }

  /** Records in the file as last read, duplicates and expired ones included. */
  long records() {
    return records;
  }

  /** Whether the path now names another file than the one open (a compaction renamed one in). */
  boolean isReplaced() throws IOException {
    return !Objects.equals(currentKey(), fileKey);
  }

  void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("revocation log " + path + " is closed");
    }
  }

  /** Reads new records into {@code sink}; with {@code truncateTorn} (only under the lock) removes a torn tail. */
  void catchUp(Consumer<Revocation> sink, boolean truncateTorn) throws IOException {
    RevocationLog.ReadResult r = RevocationLog.read(channel, end, sink, path);
    end = r.end;
    records += r.records;
    if (r.tornBytes > 0 && truncateTorn) {
      LOG.warn("revocation log {}: removing a torn last record ({} bytes at offset {})", path, r.tornBytes, r.end);
      channel.truncate(r.end);
      channel.force(false);
    }
  }

  /** Opens the file the path names now and replays it into {@code sink}. Caller holds the lock. */
  void reopen(Consumer<Revocation> sink) throws IOException {
    ensureOpen();
    if (channel != null) {
      channel.close();
    }
    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    fileKey = currentKey();
    RevocationLog.checkHeader(channel, path);
    end = RevocationLog.HEADER_SIZE;
    records = 0;
    RevocationLog.ReadResult r = RevocationLog.read(channel, end, sink, path);
    end = r.end;
    records = r.records;
    if (r.tornBytes > 0) {
      LOG.warn("revocation log {}: skipping a torn last record ({} bytes at offset {})", path, r.tornBytes, r.end);
    }
  }

  /**
   * Brings the open file up to date with the path, for a writer: reopens the file a compaction
   * renamed in (replaying it into {@code sink}), reads what other processes appended and removes a
   * torn tail. Caller holds the lock.
   */
  void catchUpForWriting(Consumer<Revocation> sink) throws IOException {
    ensureOpen();
    if (isReplaced()) {
      reopen(sink);
    }
    catchUp(sink, true);
  }

  /** Appends {@code record} at the end and forces it to stable storage. Caller holds the lock. */
  void append(ByteBuffer record) throws IOException {
    long at = end;
    while (record.hasRemaining()) {
      at += channel.write(record, at);
    }
    channel.force(false);
    end = at;
    records++;
  }

  /** Every record in the file, from the start, into {@code sink}. */
  void readAll(Consumer<Revocation> sink) throws IOException {
    RevocationLog.read(channel, RevocationLog.HEADER_SIZE, sink, path);
  }

  /**
   * Replaces the log with one holding {@code live}: written to {@code NAME.compact}, forced,
   * given the old log's owner and group permissions, renamed over the log. Caller holds the lock
   * and reopens afterwards.
   */
  void rewrite(Iterable<Revocation> live) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".compact");
    Files.deleteIfExists(tmp);
    try (FileChannel out = createOwnerOnly(tmp)) {
      writeAll(out, RevocationLog.header());
      for (Revocation r : live) {
        writeAll(out, RevocationLog.encode(r));
      }
      out.force(true);
    }
    keepOwnerAndGroupPermissions(tmp);
    replace(tmp);
  }

  /** Closes the channel; every later use fails. */
  void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  /**
   * Creates an empty log (header only) atomically if there is none and creation is allowed, and
   * gives an empty file (as made by {@code touch}) its header. Caller holds the lock.
   */
  void createIfMissing(boolean allowed) throws IOException {
    if (Files.exists(path)) {
      if (Files.isRegularFile(path) && Files.size(path) == 0) {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE)) {
          if (out.size() == 0) {
            writeAll(out, RevocationLog.header());
            out.force(true);
          }
        }
      }
      return;
    }
    if (!allowed) {
      throw new NoSuchFileException(path.toString(), null, "no such revocation log");
    }
    Path tmp = path.resolveSibling(path.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    try (FileChannel out = createOwnerOnly(tmp)) {
      writeAll(out, RevocationLog.header());
      out.force(true);
    }
    replace(tmp);
  }

  /**
   * Creates {@code file} (which must not exist) for writing, owner-only (0600): the mode is given
   * at creation, so the file is never readable by others, not even for a moment, and set again
   * after, because a umask can only remove bits from a creation mode.
   */
  private static FileChannel createOwnerOnly(Path file) throws IOException {
    if (!isPosix(file)) {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
    FileChannel ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  /** Gives the compacted file the owner and group permissions of the log it replaces, none for others. */
  private void keepOwnerAndGroupPermissions(Path tmp) throws IOException {
    if (!isPosix(tmp)) {
      return;
    }
    Set<PosixFilePermission> perms = EnumSet.copyOf(OWNER_ONLY);
    for (PosixFilePermission p : Files.getPosixFilePermissions(path)) {
      if (p == PosixFilePermission.GROUP_READ || p == PosixFilePermission.GROUP_WRITE) {
        perms.add(p);
      }
    }
    Files.setPosixFilePermissions(tmp, perms);
  }

  private static boolean isPosix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private void replace(Path tmp) throws IOException {
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot replace " + path + " atomically", e);
    }
    syncDirectory(path.getParent());
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename itself has happened.
      LOG.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  private Object currentKey() throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      throw new IOException("revocation log " + path + " has disappeared", e);
    }
  }

  private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
