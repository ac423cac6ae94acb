package dev.signet.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one way Signet reads a file that holds a secret (a keyset file, a passphrase file): it must
 * be a regular file that only its owner can read or write, and it is read with a bound.
 *
 * <ul>
 *   <li>A FIFO, a device ({@code /dev/zero}), a folder or a socket is refused before it is
 *       opened, so nothing blocks or reads without end; the read itself stops one byte past the
 *       limit.
 *   <li>A symbolic link is refused, except a link that resolves inside its own folder to an
 *       owner-only regular file: the layout of a Kubernetes Secret mount, where the file is a
 *       link through {@code ..data} into a timestamped folder that the kubelet swaps atomically.
 *       Whoever can make such a link can already write the folder, so accepting it weakens
 *       nothing; a link that leaves the folder is refused.
 *   <li>With {@code allowInsecure}, links are followed anywhere and group or others may have
 *       access; the file must still be a regular file and is still read with the bound.
 * </ul>
 */
final class SecretFile {
  /** What the file holds, for messages and reasons. */
  enum Kind {
    KEYSET("keyset file", KeysetFileException.Reason.NOT_FOUND, KeysetFileException.Reason.MALFORMED,
        KeysetFileException.Reason.IO),
    PASSPHRASE("passphrase file", KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE,
        KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE);

    final String noun;
    final KeysetFileException.Reason missing;
    final KeysetFileException.Reason tooLarge;
    final KeysetFileException.Reason unreadable;

    Kind(String noun, KeysetFileException.Reason missing, KeysetFileException.Reason tooLarge,
        KeysetFileException.Reason unreadable) {
      this.noun = noun;
      this.missing = missing;
      this.tooLarge = tooLarge;
      this.unreadable = unreadable;
    }
  }

  private SecretFile() {}

  /**
   * The content of {@code path}, after the checks above.
   *
   * @throws KeysetFileException naming the file and the problem
   */
  static byte[] read(Path path, Kind kind, int maxBytes, boolean allowInsecure) throws KeysetFileException {
    try {
      return readOnce(path, kind, maxBytes, allowInsecure);
    } catch (KeysetFileException e) {
      // A kubelet swap between resolving the link and opening its target removes the old
      // timestamped folder; reading again sees the new one.
      if (e.reason() == kind.missing && Files.isSymbolicLink(path) && Files.exists(path)) {
        return readOnce(path, kind, maxBytes, allowInsecure);
      }
      throw e;
    }
  }

  private static byte[] readOnce(Path path, Kind kind, int maxBytes, boolean allowInsecure)
      throws KeysetFileException {
    BasicFileAttributes link = attributes(path, kind, LinkOption.NOFOLLOW_LINKS);
    Path target = path;
    if (link.isSymbolicLink()) {
      target = allowInsecure ? path : resolveInsideFolder(path, kind);
    }
    BasicFileAttributes attrs = link.isSymbolicLink() ? attributes(target, kind) : link;
    if (!attrs.isRegularFile()) {
      throw new KeysetFileException(
          kind.unreadable, path + ": " + kind.noun + " is not a regular file (" + type(attrs) + "); refusing to read it");
    }
    if (!allowInsecure) {
      checkOwnerOnly(path, target, kind);
    }
    try (InputStream in =
        allowInsecure
            ? Files.newInputStream(target)
            : Files.newInputStream(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = in.readNBytes(maxBytes + 1);
      if (b.length > maxBytes) {
        java.util.Arrays.fill(b, (byte) 0);
        throw new KeysetFileException(
            kind.tooLarge, path + ": " + kind.noun + " is larger than " + maxBytes + " bytes; refusing it");
      }
      return b;
    } catch (NoSuchFileException e) {
      throw new KeysetFileException(kind.missing, path + ": " + kind.noun + " does not exist");
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("symbolic link")) {
        throw new KeysetFileException(
            KeysetFileException.Reason.INSECURE_PERMISSIONS, path + ": " + kind.noun + " is a symbolic link; refusing it");
      }
      throw io(path, kind, e);
    } catch (IOException e) {
      throw io(path, kind, e);
    }
  }

  /**
   * The real file behind the link {@code path}, if it lies inside the link's own folder (a
   * Kubernetes Secret mount); otherwise the link is refused.
   */
  private static Path resolveInsideFolder(Path path, Kind kind) throws KeysetFileException {
    Path real;
    Path folder;
    try {
      real = path.toRealPath();
      folder = path.toAbsolutePath().getParent().toRealPath();
    } catch (NoSuchFileException e) {
      throw new KeysetFileException(kind.missing, path + ": " + kind.noun + " is a symbolic link to a file that does not exist");
    } catch (IOException e) {
      throw io(path, kind, e);
    }
    if (!real.startsWith(folder) || real.equals(folder)) {
      throw new KeysetFileException(
          KeysetFileException.Reason.INSECURE_PERMISSIONS,
          path + ": " + kind.noun + " is a symbolic link that leaves its folder; refusing it"
              + " (links inside the folder, as in a Kubernetes Secret mount, are accepted;"
              + " allow insecure permissions to accept any link)");
    }
    return real;
  }

  private static void checkOwnerOnly(Path path, Path target, Kind kind) throws KeysetFileException {
    if (!target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> perms;
    try {
      perms = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
    } catch (NoSuchFileException e) {
      throw new KeysetFileException(kind.missing, path + ": " + kind.noun + " does not exist");
    } catch (IOException e) {
      throw io(path, kind, e);
    }
    for (PosixFilePermission p : perms) {
      switch (p) {
        case GROUP_READ:
        case GROUP_WRITE:
        case OTHERS_READ:
        case OTHERS_WRITE:
          throw new KeysetFileException(
              KeysetFileException.Reason.INSECURE_PERMISSIONS,
              path + ": " + kind.noun + " is accessible to group or others (mode "
                  + PosixFilePermissions.toString(perms)
                  + "); run chmod 600 on it, or allow insecure permissions explicitly");
        default:
          break;
      }
    }
  }

  private static BasicFileAttributes attributes(Path p, Kind kind, LinkOption... options) throws KeysetFileException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, options);
    } catch (NoSuchFileException e) {
      throw new KeysetFileException(kind.missing, p + ": " + kind.noun + " does not exist");
    } catch (IOException e) {
      throw io(p, kind, e);
    }
  }

  private static String type(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a folder";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    return "a device, FIFO or socket";
  }

  private static KeysetFileException io(Path path, Kind kind, IOException e) {
    if (e instanceof AccessDeniedException) {
      return new KeysetFileException(kind.unreadable, path + ": cannot read " + kind.noun + ": permission denied", e);
    }
    String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new KeysetFileException(kind.unreadable, path + ": cannot read " + kind.noun + " (" + detail + ")", e);
  }
}
