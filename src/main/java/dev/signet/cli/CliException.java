package dev.signet.cli;

/**
 * A failure the CLI reports as one line on stderr with a documented exit code, never with a
 * stack trace (unless {@code --verbose}).
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The token was rejected (exit 1); the message is the reason. */
  static CliException rejected(String message) {
    return new CliException(ExitCodes.REJECTED, message, null);
  }

  /** The command line is wrong (exit 2). */
  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message, null);
  }

  /** Configuration or I/O failed (exit 3). */
  static CliException config(String message) {
    return new CliException(ExitCodes.CONFIG, message, null);
  }

  /** Configuration or I/O failed (exit 3), keeping the cause for {@code --verbose}. */
  static CliException config(String message, Throwable cause) {
    return new CliException(ExitCodes.CONFIG, message, cause);
  }

  int exitCode() {
    return exitCode;
  }
}
