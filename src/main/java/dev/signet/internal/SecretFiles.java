package dev.signet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
import java.util.Arrays;
import java.util.Set;

/**
 * The reading of owner-only secret files behind {@link AtomicFiles#readSecret} and
 * {@link AtomicFiles#secretText}: the rules are written in {@code readSecret}'s javadoc; every
 * refusal is an {@link AtomicFiles.SecretFileException} naming the file, what it holds and the
 * problem, never its content.
 */
final class SecretFiles {
  private SecretFiles() {}

  /** See {@link AtomicFiles#readSecret}. */
  static byte[] read(Path file, String noun, int maxBytes, boolean allowInsecurePermissions)
      throws AtomicFiles.SecretFileException {
    try {
      return readSecretOnce(file, noun, maxBytes, allowInsecurePermissions);
    } catch (AtomicFiles.SecretFileException e) {
      // A kubelet swap between resolving the link and opening its target removes the old
      // timestamped folder; reading again sees the new one.
      if (e.problem() == AtomicFiles.SecretFileException.Problem.MISSING
          && Files.isSymbolicLink(file) && Files.exists(file)) {
        return readSecretOnce(file, noun, maxBytes, allowInsecurePermissions);
      }
      throw e;
    }
  }

  /** See {@link AtomicFiles#secretText}. */
  static char[] text(byte[] bytes) throws CharacterCodingException {
    CharBuffer cb =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
    char[] chars = Arrays.copyOfRange(cb.array(), cb.position(), cb.limit());
    Arrays.fill(cb.array(), '\0');
    int end = chars.length;
    if (end > 0 && chars[end - 1] == '\n') {
      end--;
      if (end > 0 && chars[end - 1] == '\r') {
        end--;
      }
    }
    char[] trimmed = Arrays.copyOf(chars, end);
    Arrays.fill(chars, '\0');
    return trimmed;
  }

  private static byte[] readSecretOnce(Path path, String noun, int maxBytes, boolean allowInsecure)
      throws AtomicFiles.SecretFileException {
    BasicFileAttributes link = secretAttributes(path, noun, LinkOption.NOFOLLOW_LINKS);
    Path target = path;
    if (link.isSymbolicLink()) {
      target = allowInsecure ? path : resolveInsideFolder(path, noun);
    }
    BasicFileAttributes attrs = link.isSymbolicLink() ? secretAttributes(target, noun) : link;
    if (!attrs.isRegularFile()) {
      throw new AtomicFiles.SecretFileException(
          AtomicFiles.SecretFileException.Problem.UNREADABLE,
          path + ": " + noun + " is not a regular file (" + type(attrs) + "); refusing to read it");
    }
    if (!allowInsecure) {
      checkOwnerOnly(path, target, noun);
    }
    try (InputStream in =
        allowInsecure
            ? Files.newInputStream(target)
            : Files.newInputStream(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = in.readNBytes(maxBytes + 1);
      if (b.length > maxBytes) {
        Arrays.fill(b, (byte) 0);
        throw new AtomicFiles.SecretFileException(
            AtomicFiles.SecretFileException.Problem.TOO_LARGE,
            path + ": " + noun + " is larger than " + maxBytes + " bytes; refusing it");
      }
      return b;
    } catch (NoSuchFileException e) {
      throw missing(path, noun, " does not exist");
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("symbolic link")) {
        throw new AtomicFiles.SecretFileException(
            AtomicFiles.SecretFileException.Problem.INSECURE, path + ": " + noun + " is a symbolic link; refusing it");
      }
      throw unreadable(path, noun, e);
    } catch (AtomicFiles.SecretFileException e) {
      throw e;
    } catch (IOException e) {
      throw unreadable(path, noun, e);
    }
  }

  /**
   * The real file behind the link {@code path}, if it lies inside the link's own folder (a
   * Kubernetes Secret mount); otherwise the link is refused.
   */
  private static Path resolveInsideFolder(Path path, String noun) throws AtomicFiles.SecretFileException {
    Path real;
    Path folder;
    try {
      real = path.toRealPath();
      folder = path.toAbsolutePath().getParent().toRealPath();
    } catch (NoSuchFileException e) {
      throw missing(path, noun, " is a symbolic link to a file that does not exist");
    } catch (IOException e) {
      throw unreadable(path, noun, e);
    }
    if (!real.startsWith(folder) || real.equals(folder)) {
      throw new AtomicFiles.SecretFileException(
          AtomicFiles.SecretFileException.Problem.INSECURE,
          path + ": " + noun + " is a symbolic link that leaves its folder; refusing it"
              + " (links inside the folder, as in a Kubernetes Secret mount, are accepted;"
              + " allow insecure permissions to accept any link)");
    }
    return real;
  }

  private static void checkOwnerOnly(Path path, Path target, String noun) throws AtomicFiles.SecretFileException {
    if (!target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> perms;
    try {
      perms = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
    } catch (NoSuchFileException e) {
      throw missing(path, noun, " does not exist");
    } catch (IOException e) {
      throw unreadable(path, noun, e);
    }
    for (PosixFilePermission p : perms) {
      switch (p) {
        case GROUP_READ:
        case GROUP_WRITE:
        case OTHERS_READ:
        case OTHERS_WRITE:
          throw new AtomicFiles.SecretFileException(
              AtomicFiles.SecretFileException.Problem.INSECURE,
              path + ": " + noun + " is accessible to group or others (mode "
                  + PosixFilePermissions.toString(perms)
                  + "); run chmod 600 on it");
        default:
          break;
      }
    }
  }

  private static BasicFileAttributes secretAttributes(Path p, String noun, LinkOption... options)
      throws AtomicFiles.SecretFileException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, options);
    } catch (NoSuchFileException e) {
      throw missing(p, noun, " does not exist");
    } catch (IOException e) {
      throw unreadable(p, noun, e);
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

  private static AtomicFiles.SecretFileException missing(Path path, String noun, String what) {
    return new AtomicFiles.SecretFileException(AtomicFiles.SecretFileException.Problem.MISSING, path + ": " + noun + what);
  }

  private static AtomicFiles.SecretFileException unreadable(Path path, String noun, IOException e) {
    if (e instanceof AccessDeniedException) {
      return new AtomicFiles.SecretFileException(
          AtomicFiles.SecretFileException.Problem.UNREADABLE, path + ": cannot read " + noun + ": permission denied", e);
    }
    String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new AtomicFiles.SecretFileException(
        AtomicFiles.SecretFileException.Problem.UNREADABLE, path + ": cannot read " + noun + " (" + detail + ")", e);
  }
}
