package dev.signet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged {@code target/signet.jar}, run as an operator would: {@code java -jar signet.jar ...}. */
final class SignetJar {
  private SignetJar() {}

  /** The jar failsafe was told about (system property {@code signet.jar}), which must exist. */
  static Path path() {
    String p = System.getProperty("signet.jar", "target/signet.jar");
    Path jar = Path.of(p).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run 'mvn verify' (integration tests run after package)");
    }
    return jar;
  }

  /** The java launcher of the JDK running the tests. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java -jar signet.jar args...} as a process builder. */
  static ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", path().toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  /** Runs a command to its end (at most {@code timeoutSeconds}) and returns exit code and output. */
  static Result run(ProcessBuilder pb, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    pb.environment().putAll(env);
    Path out = Files.createTempFile("signet-out", ".txt");
    Path err = Files.createTempFile("signet-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(pb.command() + " did not finish in " + timeoutSeconds + " s; output:\n"
            + Files.readString(out) + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A finished process. */
  static final class Result {
    final int code;
    final String out;
    final String err;

    Result(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
