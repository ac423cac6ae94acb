package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.revocation.FileRevocationList;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevokeCommandTest {
  @TempDir Path dir;

  private String out;
  private String err;

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.execute(new PrintWriter(o), new PrintWriter(e), args);
    out = o.toString();
    err = e.toString();
    return code;
  }

  private void assertOneLineError(int expectedCode, int code, String contains) {
    assertEquals(expectedCode, code, err);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.startsWith("signet: "), err);
    assertTrue(err.contains(contains), err);
  }

  private int entries(Path log) throws IOException {
    try (FileRevocationList list = FileRevocationList.builder(log).pollInterval(java.time.Duration.ZERO).build()) {
      return list.size();
    }
  }

  @Test
  void revokeEachKind_recordsOneEntryPerCall() throws IOException {
    Path log = dir.resolve("rev.log");

    assertEquals(0, run("revoke", "--revocations", log.toString(), "--jti", "j1"), err);
    assertTrue(out.startsWith("revoked token j1"), out);
    assertEquals(0, run("revoke", "--revocations", log.toString(), "--sid", "s1"), err);
    assertEquals(0, run("revoke", "--revocations", log.toString(), "--sub", "alice",
        "--before", "2026-12-01T03:00:00.123Z"), err);
    assertTrue(out.contains("2026-12-01T03:00:00.123Z"), out);
    assertEquals(0, run("revoke", "--revocations", log.toString(), "--all", "--before", "now", "--keep", "12h"), err);

    assertEquals(4, entries(log));
  }

  @Test
  void timeInTheWrongFormat_isOneLineErrorExit3() {
    int code = run("revoke", "--revocations", dir.resolve("rev.log").toString(), "--sub", "alice",
        "--before", "yesterday");

    assertOneLineError(3, code, "is not a time");
  }

  @Test
  void malformedStoreUrl_isOneLineErrorExit3() {
    assertOneLineError(3, run("revoke", "--revocations", "redis://", "--jti", "j"), "malformed revocation store URL");
    assertOneLineError(3, run("revoke", "--revocations", "redis://h:99999", "--jti", "j"), "malformed");
    assertOneLineError(3, run("revoke", "--revocations", "redis://h:6379/x", "--jti", "j"), "malformed");
    assertOneLineError(3, run("revoke", "--revocations", "http://h/x", "--jti", "j"), "unsupported revocation store URL");
  }

  @Test
  void unreachableRedis_isOneLineErrorExit3() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int code = run("revoke", "--revocations", "redis://127.0.0.1:" + port, "--jti", "j");

    assertOneLineError(3, code, "cannot reach Redis at 127.0.0.1:" + port);
  }

  @Test
  void fileThatIsNotARevocationLog_isOneLineErrorExit3_andLeftAlone() throws IOException {
    Path other = dir.resolve("notes.txt");
    Files.writeString(other, "hello\n");

    int code = run("revoke", "--revocations", other.toString(), "--jti", "j");

    assertOneLineError(3, code, "is not a Signet revocation log");
    assertEquals("hello\n", Files.readString(other));
  }

  @Test
  void beforeWithJti_isUsageErrorExit2() {
    int code = run("revoke", "--revocations", dir.resolve("rev.log").toString(), "--jti", "j", "--before", "now");

    assertOneLineError(2, code, "--before applies only to --sub and --all");
  }

  @Test
  void twoTargets_isUsageErrorExit2() {
    int code = run("revoke", "--revocations", dir.resolve("rev.log").toString(), "--jti", "j", "--sid", "s");

    assertEquals(2, code, err);
  }

  @Test
  void badKeepDuration_isOneLineErrorExit3() {
    int code = run("revoke", "--revocations", dir.resolve("rev.log").toString(), "--jti", "j", "--keep", "soon");

    assertOneLineError(3, code, "is not a duration");
  }
}
