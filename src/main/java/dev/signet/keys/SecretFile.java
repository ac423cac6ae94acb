package dev.signet.keys;

import dev.signet.internal.AtomicFiles;
import java.nio.file.Path;

/**
 * A keyset file or a passphrase file read by {@link AtomicFiles#readSecret} (a regular,
 * owner-only file, read with a bound; a link only inside its own folder, as in a Kubernetes
 * Secret mount), its refusals turned into {@link KeysetFileException} reasons.
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

    KeysetFileException.Reason reason(AtomicFiles.SecretFileException.Problem problem) {
      switch (problem) {
        case MISSING:
          return missing;
        case TOO_LARGE:
          return tooLarge;
        case INSECURE:
          return KeysetFileException.Reason.INSECURE_PERMISSIONS;
        default:
          return unreadable;
      }
    }
  }

  private SecretFile() {}

  /**
   * The content of {@code path}, after the checks of {@link AtomicFiles#readSecret}.
   *
   * @throws KeysetFileException naming the file and the problem
   */
  static byte[] read(Path path, Kind kind, int maxBytes, boolean allowInsecure) throws KeysetFileException {
    try {
      return AtomicFiles.readSecret(path, kind.noun, maxBytes, allowInsecure);
    } catch (AtomicFiles.SecretFileException e) {
      String message = e.problem() == AtomicFiles.SecretFileException.Problem.INSECURE
          ? e.getMessage() + ", or allow insecure permissions explicitly"
          : e.getMessage();
      throw new KeysetFileException(kind.reason(e.problem()), message, e.getCause());
    }
  }
}
