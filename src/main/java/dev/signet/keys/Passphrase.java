package dev.signet.keys;

import dev.signet.internal.AtomicFiles;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The passphrase that encrypts a keyset file at rest, taken from an environment variable or a
 * file, never from a command-line argument (which other users can read in the process list).
 *
 * <p><b>Security:</b> {@link #toString()} never shows the passphrase. The characters are kept in
 * a {@code char[]}, not a {@code String}.
 */
public final class Passphrase {
  /** Longest accepted passphrase, in characters. */
  public static final int MAX_LENGTH = 4096;

  /**
   * Largest passphrase file read, in bytes: {@link #MAX_LENGTH} characters of up to three UTF-8
   * bytes each, and a line break.
   */
  public static final int MAX_FILE_SIZE = MAX_LENGTH * 3 + 2;

  private final char[] chars;
  private final String origin;

  private Passphrase(char[] chars, String origin) {
    this.chars = chars;
    this.origin = origin;
  }

  /**
   * The passphrase in an environment variable.
   *
   * @throws KeysetFileException ({@code PASSPHRASE_UNAVAILABLE}) if the variable is unset or empty
   */
  public static Passphrase fromEnvironment(String variable) throws KeysetFileException {
    Objects.requireNonNull(variable, "variable");
    String value = System.getenv(variable);
    String origin = "environment variable " + variable;
    if (value == null) {
      throw new KeysetFileException(
          KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, origin + " is not set");
    }
    return checked(value.toCharArray(), origin);
  }

  /**
   * The passphrase in a file (UTF-8; one trailing line break is removed), read under the same
   * rules as a keyset file: a regular file that only its owner can read or write, not a symbolic
   * link (except one inside its own folder, as in a Kubernetes Secret mount), at most
   * {@link #MAX_FILE_SIZE} bytes. A FIFO or a device such as {@code /dev/zero} is refused before
   * it is opened.
   *
   * @throws KeysetFileException ({@code INSECURE_PERMISSIONS}) if group or others can access the
   *     file or it is a symbolic link leaving its folder; ({@code PASSPHRASE_UNAVAILABLE}) if it
   *     is missing, not a regular file, unreadable, too large, not UTF-8 or empty
   */
  public static Passphrase fromFile(Path file) throws KeysetFileException {
    return fromFile(file, false);
  }

  /**
   * The passphrase in a file, as {@link #fromFile(Path)}, but also when group or others can read
   * it or it is a symbolic link anywhere (for example a secret that an orchestrator mounts with
   * group permissions). It must still be a regular file of at most {@link #MAX_FILE_SIZE} bytes.
   *
   * <p><b>Risk:</b> whoever can read the file opens the encrypted keyset; whoever can replace it
   * (or the link) chooses the passphrase the next {@code save} encrypts under.
   */
  public static Passphrase fromFileAllowingInsecurePermissions(Path file) throws KeysetFileException {
    return fromFile(file, true);
  }

  private static Passphrase fromFile(Path file, boolean allowInsecure) throws KeysetFileException {
    Objects.requireNonNull(file, "file");
    String origin = "passphrase file " + file;
    byte[] bytes = SecretFile.read(file, SecretFile.Kind.PASSPHRASE, MAX_FILE_SIZE, allowInsecure);
    char[] trimmed;
    try {
      trimmed = AtomicFiles.secretText(bytes);
    } catch (CharacterCodingException e) {
      throw new KeysetFileException(
          KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, origin + " is not UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    return checked(trimmed, origin);
  }

  /**
   * A passphrase held by the application (for example read from a secret manager).
   *
   * @throws IllegalArgumentException if it is empty or longer than {@link #MAX_LENGTH}
   */
  public static Passphrase of(char[] passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.length == 0 || passphrase.length > MAX_LENGTH) {
      throw new IllegalArgumentException("passphrase must be 1 to " + MAX_LENGTH + " characters");
    }
    return new Passphrase(passphrase.clone(), "application");
  }

  private static Passphrase checked(char[] chars, String origin) throws KeysetFileException {
    if (chars.length == 0) {
      throw new KeysetFileException(KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, origin + " is empty");
    }
    if (chars.length > MAX_LENGTH) {
      throw new KeysetFileException(
          KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, origin + " is longer than " + MAX_LENGTH + " characters");
    }
    return new Passphrase(chars, origin);
  }

  /** The passphrase as UTF-8 bytes (a fresh copy the caller should wipe). */
  byte[] utf8() {
    java.nio.ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
    Arrays.fill(bb.array(), (byte) 0);
    return out;
  }

  /** Where the passphrase came from; never the passphrase. */
  @Override
  public String toString() {
    return "Passphrase(from " + origin + ")";
  }
}
