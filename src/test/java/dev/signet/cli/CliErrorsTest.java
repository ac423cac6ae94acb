package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CLI error path of the contract: the documented exit code, one line on stderr naming the
 * problem, and no stack trace unless --verbose.
 */
class CliErrorsTest {
  @TempDir static Path dir;
  private static Path keyset;
  private static String token;

  @BeforeAll
  static void keysetAndToken() {
    keyset = dir.resolve("keyset.json");
    assertEquals(0, CliRun.run("keys", "init", "--keyset", keyset.toString()).code);
    CliRun issued = CliRun.run("issue", "--keyset", keyset.toString(), "--sub", "alice");
    assertEquals(0, issued.code, issued::toString);
    token = issued.out.trim();
  }

  private static void assertOneLineError(CliRun r, int code, String... mustContain) {
    assertEquals(code, r.code, r::toString);
    String line = r.oneErrorLine();
    assertTrue(line.startsWith("signet: "), line);
    for (String s : mustContain) {
      assertTrue(line.contains(s), "'" + line + "' should name '" + s + "'");
    }
    assertFalse(r.err.contains("\tat "), "no stack trace without --verbose: " + r.err);
  }

  @Test
  void unknownCommand_exits2WithOneLine() {
    assertOneLineError(CliRun.run("frobnicate"), ExitCodes.USAGE, "frobnicate");
  }

  @Test
  void noCommand_exits2WithOneLine() {
    assertOneLineError(CliRun.run(), ExitCodes.USAGE, "missing command");
  }

  @Test
  void unknownOption_exits2WithOneLine() {
    assertOneLineError(CliRun.run("verify", "--keyset", keyset.toString(), "--frob", token), ExitCodes.USAGE, "--frob");
  }

  @Test
  void missingRequiredOption_exits2NamingIt() {
    assertOneLineError(CliRun.run("issue", "--keyset", keyset.toString()), ExitCodes.USAGE, "--sub");
    assertOneLineError(CliRun.run("verify", token), ExitCodes.USAGE, "--keyset");
  }

  @Test
  void missingKeysetFile_exits3NamingTheFile() {
    Path missing = dir.resolve("nope.json");
    assertOneLineError(CliRun.run("verify", "--keyset", missing.toString(), token), ExitCodes.CONFIG, "nope.json");
    assertOneLineError(CliRun.run("serve", "--keyset", missing.toString(), "--listen", "127.0.0.1:0"), ExitCodes.CONFIG, "nope.json");
  }

  @Test
  void wrongPassphrase_exits3SayingSo() throws IOException {
    Path right = Files.writeString(dir.resolve("right.txt"), "correct horse battery staple\n");
    Path wrong = Files.writeString(dir.resolve("wrong.txt"), "incorrect horse\n");
    Files.setPosixFilePermissions(right, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path sealed = dir.resolve("sealed.json");
    CliRun init = CliRun.run("keys", "init", "--keyset", sealed.toString(), "--passphrase-file", right.toString());
    assertEquals(0, init.code, init::toString);
    CliRun r = CliRun.run("issue", "--keyset", sealed.toString(), "--passphrase-file", wrong.toString(), "--sub", "alice");
    assertOneLineError(r, ExitCodes.CONFIG, "passphrase");
  }

  @Test
  void badDuration_exits2NamingTheValue() {
    CliRun r = CliRun.run("issue", "--keyset", keyset.toString(), "--sub", "alice", "--ttl", "15x");
    assertOneLineError(r, ExitCodes.USAGE, "15x", "--ttl");
  }

  @Test
  void ttlLongerThanMaxAge_exits2() {
    CliRun r = CliRun.run("issue", "--keyset", keyset.toString(), "--sub", "alice", "--ttl", "2h", "--max-age", "1h");
    assertOneLineError(r, ExitCodes.USAGE, "--ttl", "--max-age");
  }

  @Test
  void badStoreUrl_exits3NamingIt() {
    CliRun r = CliRun.run("verify", "--keyset", keyset.toString(), "--revocations", "http://example.test/x", token);
    assertOneLineError(r, ExitCodes.CONFIG, "http://example.test/x");
    CliRun r2 = CliRun.run("verify", "--keyset", keyset.toString(), "--revocations", "redis://", token);
    assertOneLineError(r2, ExitCodes.CONFIG, "redis://");
  }

  @Test
  void unreachableRedis_exits3NamingTheServer() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r = CliRun.run("verify", "--keyset", keyset.toString(), "--revocations", "redis://127.0.0.1:" + port, token);
    assertOneLineError(r, ExitCodes.CONFIG, "127.0.0.1:" + port);
  }

  @Test
  void badListenAddress_exits2() {
    assertOneLineError(CliRun.run("serve", "--keyset", keyset.toString(), "--listen", "localhost"), ExitCodes.USAGE, "localhost");
  }

  @Test
  void negativeCacheSize_exits2NamingTheOption() {
    assertOneLineError(CliRun.run("serve", "--keyset", keyset.toString(), "--listen", "127.0.0.1:0", "--cache", "-1"),
        ExitCodes.USAGE, "--cache");
  }

  @Test
  void rejectedToken_exits1WithTheReason() {
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    CliRun r = CliRun.run("verify", "--keyset", keyset.toString(), tampered);
    assertOneLineError(r, ExitCodes.REJECTED, "token rejected");
    assertTrue(!r.err.contains(tampered.substring(0, 40)) && r.out.isEmpty(), "the token is never echoed: " + r);
  }

  @Test
  void emptyStandardInput_exits2() {
    assertOneLineError(CliRun.runWithInput("", "verify", "--keyset", keyset.toString(), "-"), ExitCodes.USAGE, "no token");
  }

  @Test
  void verbose_addsTheStackTrace() {
    CliRun r = CliRun.run("--verbose", "verify", "--keyset", dir.resolve("nope.json").toString(), token);
    assertEquals(ExitCodes.CONFIG, r.code, r::toString);
    assertTrue(r.err.contains("\tat "), r::toString);
  }
}
