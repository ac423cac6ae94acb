package dev.signet.keys;

import java.io.IOException;
import java.util.Objects;

/**
 * A keyset file could not be read, written or trusted. The message names the file and the
 * problem in one line; it never contains key material or passphrases.
 */
public final class KeysetFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that act on it (the CLI maps every reason to exit code 3). */
  public enum Reason {
    /** The file does not exist. */
    NOT_FOUND,
    /** The file exists and {@code create} was asked never to overwrite it. */
    ALREADY_EXISTS,
    /** The file is empty (zero bytes or only white space). */
    EMPTY,
    /** The file is not a Signet keyset file: not JSON, wrong {@code format}, missing or mistyped members, too large. */
    MALFORMED,
    /** The file's {@code version} is not one this Signet reads. */
    UNSUPPORTED_VERSION,
    /** The keys break a keyset rule: duplicate kids, no active key, a bad key. */
    INVALID_KEYSET,
    /** The file is encrypted and no passphrase was given. */
    PASSPHRASE_REQUIRED,
    /**
     * A passphrase was configured but the file is not encrypted. It is refused: whoever can
     * replace the file could otherwise swap in keys of their own without knowing the passphrase.
     */
    NOT_ENCRYPTED,
    /** The passphrase does not open the file (or the encrypted file was altered). */
    WRONG_PASSPHRASE,
    /** The passphrase source (environment variable or file) is missing, unreadable or empty. */
    PASSPHRASE_UNAVAILABLE,
    /** The file is readable or writable by group or others, or is a symbolic link, and that was not allowed. */
    INSECURE_PERMISSIONS,
    /**
     * A keyset in Redis is older than the one a {@link RedisKeyset} holds (its newest key time is
     * earlier): someone put back an old value. It is refused and the newer keyset stays in use.
     */
    ROLLED_BACK,
    /** Any other input/output failure (for a keyset in Redis: Redis cannot be reached). */
    IO
  }

  private final Reason reason;

  KeysetFileException(Reason reason, String message) {
    this(reason, message, null);
  }

  KeysetFileException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }
}
