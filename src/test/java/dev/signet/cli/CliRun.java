package dev.signet.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of the CLI: exit code, stdout and stderr. */
final class CliRun {
  final int code;
  final String out;
  final String err;

  private CliRun(int code, String out, String err) {
    this.code = code;
    this.out = out;
    this.err = err;
  }

  static CliRun run(String... args) {
    return runWithInput("", args);
  }

  static CliRun runWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** stderr as exactly one line (the CLI's error contract), or an assertion failure. */
  String oneErrorLine() {
    String e = err.endsWith("\n") ? err.substring(0, err.length() - 1) : err;
    if (e.isEmpty() || e.contains("\n")) {
      throw new AssertionError("expected one error line, got:\n" + err);
    }
    return e;
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
