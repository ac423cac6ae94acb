package dev.signet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The token a command works on: the argument itself, or standard input when it is {@code -}. */
final class TokenInput {
  /** More than any token a verifier accepts (64 KiB at most); anything longer is not read. */
  static final int MAX_CHARS = 65536 + 2;

  private TokenInput() {}

  /**
   * The token named by {@code arg}: {@code -} (or no argument) reads standard input to its end
   * and strips surrounding whitespace.
   */
  static String read(String arg, InputStream stdin) {
    if (arg != null && !arg.equals("-")) {
      return arg.trim();
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    try {
      int n;
      while ((n = stdin.read(b)) >= 0) {
        buf.write(b, 0, n);
        if (buf.size() > MAX_CHARS) {
          throw CliException.usage("token on standard input is longer than " + (MAX_CHARS - 2) + " characters");
        }
      }
    } catch (IOException e) {
      throw CliException.config("cannot read the token from standard input: " + e.getMessage(), e);
    }
    String token = buf.toString(StandardCharsets.UTF_8).trim();
    if (token.isEmpty()) {
      throw CliException.usage("no token: give it as an argument or on standard input with '-'");
    }
    return token;
  }
}
