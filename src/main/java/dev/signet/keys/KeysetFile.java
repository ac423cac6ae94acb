package dev.signet.keys;

import dev.signet.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A keyset stored in a file: JSON with a format version, each key a JWK (RFC 7517) with its
 * Signet state and times beside the key members, optionally encrypted at rest under a
 * {@link Passphrase}.
 *
 * <pre>{@code
 * KeysetFile file = KeysetFile.at(Path.of("/etc/signet/keyset.json"))
 *     .withPassphrase(Passphrase.fromEnvironment("SIGNET_PASSPHRASE"));
 * file.create(Keyset.generate());      // never overwrites
 * Keyset keys = file.load();
 * }</pre>
 *
 * <p>Immutable; {@code with...} methods return a new instance. Loading never writes; writing
 * ({@link #create}, {@link #save}, {@link #update}) replaces the file atomically under a lock
 * shared with other processes, so two concurrent rotations cannot interleave.
 *
 * <p><b>Security:</b>
 *
 * <ul>
 *   <li>Files are written owner-only (0600), through a temporary file in the same folder that is
 *       flushed, renamed over the target and followed by a flush of the folder: after a crash the
 *       file is the old keyset or the new one, never a mix.
 *   <li>{@link #load()} refuses a file that group or others may read or write, anything but a
 *       regular file (a FIFO, a device), a file over {@link #MAX_FILE_SIZE}, and a symbolic link
 *       unless it resolves inside its own folder to an owner-only regular file (the layout of a
 *       Kubernetes Secret mount, where the kubelet swaps a {@code ..data} link), unless
 *       {@link #allowInsecurePermissions()} was called.
 *   <li>Encrypted files use Argon2id (46 MiB, one pass, OWASP's recommended setting) to derive an AES-256-GCM key from the
 *       passphrase; the format, version and KDF parameters are authenticated with the keys, so a
 *       wrong passphrase or an altered file is {@link KeysetFileException.Reason#WRONG_PASSPHRASE};
 *       with a passphrase configured, a plaintext file is refused
 *       ({@link KeysetFileException.Reason#NOT_ENCRYPTED}), so any change to the file is refused.
 *   <li>Error messages name the file and the problem, never key bytes or the passphrase.
 * </ul>
 */
public final class KeysetFile {
  /** The {@code format} member of every keyset file. */
  public static final String FORMAT = "signet-keyset";
  /**
   * The newest format version this Signet reads and writes. Version 2 added the keyset's
   * {@code maxSession}; a keyset with the default max session is still written as version 1, so
   * Signet versions that read only version 1 keep reading it. Versions 1 and 2 are read.
   */
  public static final int VERSION = 2;
  /** Largest keyset file read, in bytes. */
  public static final int MAX_FILE_SIZE = 1 << 20;

  private final Path path;
  private final Passphrase passphrase;
  private final boolean allowInsecure;

  private KeysetFile(Path path, Passphrase passphrase, boolean allowInsecure) {
    this.path = path;
    this.passphrase = passphrase;
    this.allowInsecure = allowInsecure;
  }

  /** The keyset file at {@code path}, plain (no passphrase), with permission checks on. */
  public static KeysetFile at(Path path) {
    Objects.requireNonNull(path, "path");
    if (path.getFileName() == null) {
      throw new IllegalArgumentException("not a file path: " + path);
    }
    return new KeysetFile(path, null, false);
  }

  /**
   * The same file, opened and written encrypted under {@code passphrase}. Every save encrypts,
   * and a load refuses a file that is not encrypted ({@link KeysetFileException.Reason#NOT_ENCRYPTED}):
   * whoever can write the file could otherwise replace it with keys of their own without knowing
   * the passphrase. To encrypt an existing plain file, load it without a passphrase and save it
   * with one.
   */
  public KeysetFile withPassphrase(Passphrase passphrase) {
    return new KeysetFile(path, Objects.requireNonNull(passphrase, "passphrase"), allowInsecure);
  }

  /**
   * The same file, loaded even when group or others may read it or it is a symbolic link that
   * leaves its folder (for example a secret mounted by an orchestrator that manages access
   * itself with group permissions). It must still be a regular file of at most
   * {@link #MAX_FILE_SIZE} bytes.
   *
   * <p><b>Risk:</b> anyone who can read the file can mint tokens with its signing keys and read
   * every session with its encryption keys.
   */
  public KeysetFile allowInsecurePermissions() {
    return new KeysetFile(path, passphrase, true);
  }

  /** Where the file is. */
  public Path path() {
    return path;
  }

  /** Whether saves encrypt (a passphrase was given). */
  public boolean encrypts() {
    return passphrase != null;
  }

  /** Whether the file exists (a symbolic link counts, even a dangling one). */
  public boolean exists() {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Reads and checks the keyset.
   *
   * @throws KeysetFileException naming the problem: missing, empty, not a keyset file, another
   *     format version, encrypted without (or with the wrong) passphrase, insecure permissions,
   *     or keys that break a keyset rule (duplicate kids, no active key)
   */
  public Keyset load() throws KeysetFileException {
    return parse(readBytes());
  }

  /**
   * Writes a new keyset file; never overwrites.
   *
   * @throws KeysetFileException ({@code ALREADY_EXISTS}) if the file exists
   */
  public void create(Keyset keyset) throws KeysetFileException {
    byte[] content = encode(Objects.requireNonNull(keyset, "keyset"));
    try {
      AtomicFiles.create(path, content, AtomicFiles.OWNER_ONLY);
    } catch (FileAlreadyExistsException e) {
      throw new KeysetFileException(
          KeysetFileException.Reason.ALREADY_EXISTS,
          path + ": a keyset file already exists; it is never overwritten");
    } catch (IOException e) {
      throw io("cannot write", e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** Writes {@code keyset} over the file (or creates it), atomically and under the file's lock. */
  public void save(Keyset keyset) throws KeysetFileException {
    byte[] content = encode(Objects.requireNonNull(keyset, "keyset"));
    try {
      AtomicFiles.withLock(
          path,
          () -> {
            AtomicFiles.write(path, content, AtomicFiles.OWNER_ONLY);
            return null;
          });
    } catch (IOException e) {
      throw io("cannot write", e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /**
   * Loads, changes and saves the keyset while holding the file's lock, so concurrent updates
   * from several processes apply one after the other. When {@code change} returns the very
   * keyset it was given, nothing is written.
   *
   * @return the keyset now in the file
   */
  public Keyset update(UnaryOperator<Keyset> change) throws KeysetFileException {
    return update(change, after -> {});
  }

  /** Work done with the keyset file's lock still held, after an update. */
  @FunctionalInterface
  interface UnderLock {
    void run(Keyset now) throws KeysetFileException;
  }

  /**
   * As {@link #update(UnaryOperator)}, then runs {@code then} with the keyset now in the file
   * before the lock is released (so the exports a rotation keeps in step are written in the
   * order of the rotations).
   */
  Keyset update(UnaryOperator<Keyset> change, UnderLock then) throws KeysetFileException {
    Objects.requireNonNull(change, "change");
    try {
      return AtomicFiles.withLock(
          path,
          () -> {
            Keyset before = load();
            Keyset after = Objects.requireNonNull(change.apply(before), "change result");
            if (after != before) {
              byte[] content = encode(after);
              try {
                AtomicFiles.write(path, content, AtomicFiles.OWNER_ONLY);
              } finally {
                Arrays.fill(content, (byte) 0);
              }
            }
            then.run(after);
            return after;
          });
    } catch (KeysetFileException e) {
      throw e;
    } catch (IOException e) {
      throw io("cannot update", e);
    }
  }

  // ---- reading -------------------------------------------------------------------------

  /** The raw file content, after the existence, type, size and permission checks. */
  byte[] readBytes() throws KeysetFileException {
    return SecretFile.read(path, SecretFile.Kind.KEYSET, MAX_FILE_SIZE, allowInsecure);
  }

  /** Parses file content into a keyset. */
  Keyset parse(byte[] content) throws KeysetFileException {
    return new KeysetJson(path.toString(), passphrase).read(content);
  }

  /** The file content for {@code keyset}, encrypted when this file has a passphrase. */
  byte[] encode(Keyset keyset) {
    return new KeysetJson(path.toString(), passphrase).write(keyset);
  }

  // ---- helpers -------------------------------------------------------------------------

  private KeysetFileException io(String verb, IOException e) {
    if (e instanceof KeysetFileException) {
      return (KeysetFileException) e;
    }
    if (e instanceof AccessDeniedException) {
      return new KeysetFileException(KeysetFileException.Reason.IO, path + ": " + verb + " keyset file: permission denied", e);
    }
    String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new KeysetFileException(KeysetFileException.Reason.IO, path + ": " + verb + " keyset file (" + detail + ")", e);
  }

  /** The path and whether saves encrypt; never a passphrase. */
  @Override
  public String toString() {
    return "KeysetFile(" + path + (passphrase != null ? ", encrypted" : "") + ")";
  }
}
