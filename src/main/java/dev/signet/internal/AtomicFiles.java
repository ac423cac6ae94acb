package dev.signet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Crash-safe file replacement and cross-process locking for small files that hold keys or
 * lists.
 *
 * <p>A write goes to a temporary file in the target's own folder (so the rename cannot cross
 * file systems), created with the final permissions, flushed to disk, renamed over the target
 * (POSIX {@code rename} replaces atomically), and then the folder itself is flushed so the rename
 * survives a power loss. A reader therefore sees the old content or the new content, never a
 * mix. A writer killed mid-way leaves at most a stray temporary file, which the next write
 * under the lock removes.
 *
 * <p>{@link #readSecret} is the one reader of a file that holds a secret (a keyset, a
 * passphrase, a password): a regular, owner-only file read with a bound.
 */
public final class AtomicFiles {
  /** Owner read and write only (0600). */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      Set.copyOf(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

  /** Owner read and write, everyone read (0644), for public data such as a JWKS. */
  public static final Set<PosixFilePermission> WORLD_READABLE =
      Set.copyOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.GROUP_READ,
              PosixFilePermission.OTHERS_READ));

  private static final SecureRandom RANDOM = new SecureRandom();

  // FileChannel.lock is per process: two threads of one JVM must also exclude each other.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  /** Work done while holding a file's lock. */
  @FunctionalInterface
  public interface LockedAction<T, E extends Exception> {
    /** Runs with the lock held. */
    T run() throws E;
  }

  /**
   * Why {@link #readSecret} refused a secret file; {@link #getMessage()} names the file and the
   * problem, never the content.
   */
  public static final class SecretFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the file. */
    public enum Problem {
      /** The file, or the target of its link, does not exist. */
      MISSING,
      /** The file holds more than the bound. */
      TOO_LARGE,
      /** Group or others may access the file, or it is a symbolic link that is not accepted. */
      INSECURE,
      /** Not a regular file, or reading it failed (permission denied, an I/O error). */
      UNREADABLE
    }

    private final Problem problem;

    SecretFileException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    SecretFileException(Problem problem, String message, IOException cause) {
      super(message, cause);
      this.problem = problem;
    }

    /** What was wrong with the file. */
    public Problem problem() {
      return problem;
    }
  }

  private AtomicFiles() {}

  /**
   * The content of the secret file {@code file}, which must be a regular file that only its
   * owner can read or write, of at most {@code maxBytes} bytes.
   *
   * <ul>
   *   <li>A FIFO, a device ({@code /dev/zero}), a folder or a socket is refused before it is
   *       opened, so nothing blocks or reads without end; the read itself stops one byte past the
   *       limit.
   *   <li>A symbolic link is refused, except a link that resolves inside its own folder to an
   *       owner-only regular file: the layout of a Kubernetes Secret mount, where the file is a
   *       link through {@code ..data} into a timestamped folder that the kubelet swaps
   *       atomically (a swap between resolving and opening is met by reading once more). Whoever
   *       can make such a link can already write the folder, so accepting it weakens nothing; a
   *       link that leaves the folder is refused.
   *   <li>With {@code allowInsecurePermissions}, links are followed anywhere and group or others
   *       may have access; the file must still be a regular file and is still read with the bound.
   * </ul>
   *
   * @param noun what the file holds, for messages ({@code "keyset file"})
   * @throws SecretFileException naming the file, the noun and the problem
   */
  public static byte[] readSecret(Path file, String noun, int maxBytes, boolean allowInsecurePermissions)
      throws SecretFileException {
    return SecretFiles.read(file, noun, maxBytes, allowInsecurePermissions);
  }

  /**
   * The text of a secret file read by {@link #readSecret} (a passphrase, a password): strict
   * UTF-8, with one trailing line break ({@code \n} or {@code \r\n}) removed. The decoder's
   * buffers are wiped; {@code bytes} is left to the caller to wipe.
   *
   * @throws CharacterCodingException if {@code bytes} is not UTF-8
   */
  public static char[] secretText(byte[] bytes) throws CharacterCodingException {
    return SecretFiles.text(bytes);
  }

  /**
   * Replaces {@code target} with {@code content} atomically, with {@code permissions} (ignored
   * on file systems without POSIX permissions).
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = folderOf(target);
    String name = target.getFileName().toString();
    byte[] suffix = new byte[8];
    RANDOM.nextBytes(suffix);
    Path tmp = dir.resolve("." + name + ".tmp-" + HexFormat.of().formatHex(suffix));
    boolean posix = isPosix(dir);
    try {
      FileAttribute<?>[] attrs =
          posix
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
              : new FileAttribute<?>[0];
      try (FileChannel ch =
          FileChannel.open(
              tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
        if (posix) {
          // The umask may have removed bits from the creation mode; set exactly what was asked.
          Files.setPosixFilePermissions(tmp, permissions);
        }
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    syncFolder(dir);
  }

  /**
   * Runs {@code action} while holding the lock of {@code target}: an exclusive lock on the
   * file {@code .NAME.lock} beside it (never deleted, so every process locks the same file),
   * plus an in-process lock. Stray temporary files of earlier, interrupted writes are removed
   * first.
   */
  public static <T, E extends Exception> T withLock(Path target, LockedAction<T, E> action)
      throws IOException, E {
    Path abs = target.toAbsolutePath().normalize();
    return locked(folderOf(abs).resolve("." + abs.getFileName() + ".lock"), abs, action);
  }

  /**
   * Runs {@code action} while holding an exclusive lock on {@code lockFile} (created owner-only
   * if missing, never deleted, so every process locks the same file) plus an in-process lock on
   * the same path, since a JVM cannot hold two file locks on one file.
   */
  public static <T, E extends Exception> T withLockFile(Path lockFile, LockedAction<T, E> action)
      throws IOException, E {
    return locked(lockFile, null, action);
  }

  /** Holds both locks of {@code lockFile}, removes {@code strayOf}'s stray temporaries if given, runs. */
  private static <T, E extends Exception> T locked(Path lockFile, Path strayOf, LockedAction<T, E> action)
      throws IOException, E {
    Path abs = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(abs, p -> new ReentrantLock());
    local.lock();
    try (FileChannel ch = openOwnerOnly(abs);
        FileLock lock = ch.lock()) {
      if (strayOf != null) {
        deleteStrayTemporaries(strayOf);
      }
      return action.run();
    } finally {
      local.unlock();
    }
  }

  /**
   * Opens {@code target} for reading and writing, creating it owner-only (0600) whatever the
   * umask if it does not exist. An existing file that group or others may access is made
   * owner-only when this process owns it (a file left by an earlier version, or created under a
   * permissive umask by another tool). A symbolic link is not followed: opening one fails.
   */
  public static FileChannel openOwnerOnly(Path target) throws IOException {
    Path dir = folderOf(target);
    boolean posix = isPosix(dir);
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    FileChannel ch =
        FileChannel.open(
            target,
            Set.<OpenOption>of(
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS),
            attrs);
    if (posix) {
      try {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(perms)) {
          Files.setPosixFilePermissions(target, OWNER_ONLY);
        }
      } catch (IOException e) {
        // Another user's file (a shared folder): it is still usable, and not ours to change.
      }
    }
    return ch;
  }

  /**
   * Creates {@code target} with {@code content} only if it does not exist, atomically and under
   * its lock.
   *
   * @throws FileAlreadyExistsException if it exists
   */
  public static void create(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    withLock(
        target,
        () -> {
          if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
          }
          write(target, content, permissions);
          return null;
        });
  }

  private static void deleteStrayTemporaries(Path target) throws IOException {
    String prefix = "." + target.getFileName() + ".tmp-";
    try (DirectoryStream<Path> s = Files.newDirectoryStream(folderOf(target), prefix + "*")) {
      for (Path p : s) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path folderOf(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalArgumentException("not a file path: " + target);
    }
    return dir;
  }

  private static boolean isPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void syncFolder(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a folder; the rename is still atomic there.
      if (isPosix(dir)) {
        throw e;
      }
    }
  }
}
