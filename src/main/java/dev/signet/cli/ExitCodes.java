package dev.signet.cli;

/** The CLI's exit codes, as documented in the README. */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;
  /** A token was rejected; the reason is on stderr. */
  static final int REJECTED = 1;
  /** The command line is wrong: unknown command or option, missing or malformed value. */
  static final int USAGE = 2;
  /** Configuration or I/O error: missing or unreadable file, wrong passphrase, unreachable store. */
  static final int CONFIG = 3;

  private ExitCodes() {}
}
