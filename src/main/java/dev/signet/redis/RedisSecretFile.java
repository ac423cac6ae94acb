package dev.signet.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads a secret the Redis store needs (the password, a TLS client key) from a file: a regular
 * file (a symbolic link is followed and its target checked, as Kubernetes mounts secrets), no
 * permission for group or others, and a bounded read, so a FIFO or {@code /dev/zero} cannot
 * hang or exhaust the process. No message contains the content.
 */
final class RedisSecretFile {
  /** Longest accepted password, in bytes. */
  static final int MAX_PASSWORD_BYTES = 4096;
  /** Longest accepted PEM file. */
  static final int MAX_PEM_BYTES = 1 << 20;

  private RedisSecretFile() {}

  /**
   * The file's bytes after the checks above; the caller wipes them.
   *
   * @throws IOException naming the file and what is wrong, never its content
   */
  static byte[] read(Path file, String what, int maxBytes) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new IOException(what + " " + file + " does not exist");
    }
    if (!attrs.isRegularFile()) {
      throw new IOException(what + " " + file + " is not a regular file");
    }
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      Set<PosixFilePermission> perms = Files.readAttributes(file, PosixFileAttributes.class).permissions();
      for (PosixFilePermission p : perms) {
        if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
            && p != PosixFilePermission.OWNER_EXECUTE) {
          throw new IOException(what + " " + file + " is accessible to other users ("
              + PosixFilePermissions.toString(perms) + "); run chmod 600 on it");
        }
      }
    }
    if (attrs.size() > maxBytes) {
      throw new IOException(what + " " + file + " is larger than " + maxBytes + " bytes");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      Arrays.fill(bytes, (byte) 0);
      throw new IOException(what + " " + file + " is larger than " + maxBytes + " bytes");
    }
    return bytes;
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
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      chars = Arrays.copyOfRange(cb.array(), cb.position(), cb.limit());
      Arrays.fill(cb.array(), '\0');
    } catch (CharacterCodingException e) {
      throw new IOException(origin + " is not UTF-8");
    }
    int end = chars.length;
    if (end > 0 && chars[end - 1] == '\n') {
      end--;
      if (end > 0 && chars[end - 1] == '\r') {
        end--;
      }
    }
    char[] trimmed = Arrays.copyOf(chars, end);
    Arrays.fill(chars, '\0');
    if (trimmed.length == 0) {
      throw new IOException(origin + " is empty");
    }
    return trimmed;
  }
}
