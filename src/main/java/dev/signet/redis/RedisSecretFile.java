package dev.signet.redis;

import dev.signet.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a secret the Redis store needs (the password, a TLS client key) from a file, through
 * the one secret-file reader ({@link AtomicFiles#readSecret}): a regular file, no permission
 * for group or others, a symbolic link only inside its own folder, and a bounded read, so a
 * FIFO or {@code /dev/zero} cannot hang or exhaust the process. No message contains the content.
 */
final class RedisSecretFile {
  /** Longest accepted password, in bytes. */
  static final int MAX_PASSWORD_BYTES = 4096;
  /** Longest accepted PEM file. */
  static final int MAX_PEM_BYTES = 1 << 20;

  private RedisSecretFile() {}

  /**
   * The file's bytes after the checks of {@link AtomicFiles#readSecret} (owner-only, links only
   * inside their own folder, as Kubernetes mounts secrets); the caller wipes them.
   *
   * @throws IOException naming the file and what is wrong, never its content
   */
  static byte[] read(Path file, String what, int maxBytes) throws IOException {
    return AtomicFiles.readSecret(file, what, maxBytes, false);
  }

  /** A password file: UTF-8, one trailing line break removed, not empty. */
  static char[] password(Path file) throws IOException {
    byte[] bytes = read(file, "Redis password file", MAX_PASSWORD_BYTES);
    try {
      return password(bytes, "Redis password file " + file);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** A password in an environment variable: set and not empty. */
  static char[] passwordFromEnvironment(String variable) throws IOException {
    String v = System.getenv(variable);
    if (v == null) {
      throw new IOException("the Redis password variable " + variable + " is not set");
    }
    if (v.isEmpty()) {
      throw new IOException("the Redis password variable " + variable + " is empty");
    }
    return v.toCharArray();
  }

  /** The same rules for a password taken from elsewhere (an environment variable). */
  static char[] password(byte[] bytes, String origin) throws IOException {
    char[] chars;
    try {
      chars = AtomicFiles.secretText(bytes);
    } catch (CharacterCodingException e) {
      throw new IOException(origin + " is not UTF-8");
    }
    if (chars.length == 0) {
      throw new IOException(origin + " is empty");
    }
    return chars;
  }
}
