package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.revocation.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --keyset redis://HOST:PORT/NAME} for every command, in process, against a redis-server of the test's own. */
class KeysRedisCommandTest {
  @TempDir static Path dir;
  static RedisProcess redis;
  static String url;
  static Path pw;
  static Path viewPw;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisProcess.start(dir.resolve("redis"));
    url = "redis://127.0.0.1:" + redis.port();
    pw = secret("pw", "correct horse battery");
    viewPw = secret("view-pw", "gateway staple");
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
  }

  private static Path secret(String name, String value) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, value);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  @Test
  void everyCommand_acceptsAKeysetInRedis() throws Exception {
    String keys = url + "/walk-keys";
    String view = url + "/walk-verify";
    CliRun init = CliRun.run("keys", "init", "--keyset", keys, "--passphrase-file", pw.toString());
    assertEquals(0, init.code, init::toString);
    assertTrue(init.out.startsWith("created " + keys + " (encrypted)"), init.out);

    CliRun list = CliRun.run("keys", "list", "--keyset", keys, "--passphrase-file", pw.toString());
    assertEquals(0, list.code, list::toString);
    assertEquals(5, list.out.lines().count(), list.out); // header, active and next of each purpose

    CliRun export = CliRun.run("keys", "export", "--keyset", keys, "--passphrase-file", pw.toString(),
        "--verifier", view, "--out-passphrase-file", viewPw.toString());
    assertEquals(0, export.code, export::toString);

    CliRun rotate = CliRun.run("keys", "rotate", "--keyset", keys, "--passphrase-file", pw.toString(), "--force",
        "--export-verifier", view, "--out-passphrase-file", viewPw.toString());
    assertEquals(0, rotate.code, rotate::toString);
    assertTrue(rotate.out.startsWith("rotated: ") && rotate.out.contains("exported to " + view), rotate.out);

    CliRun set = CliRun.run("keys", "set", "--keyset", keys, "--passphrase-file", pw.toString(), "--max-session", "24h");
    assertEquals(0, set.code, set::toString);

    CliRun issue = CliRun.run("issue", "--keyset", keys, "--passphrase-file", pw.toString(), "--sub", "alice");
    assertEquals(0, issue.code, issue::toString);
    CliRun verify = CliRun.runWithInput(issue.out.trim(), "verify", "--keyset", view, "--passphrase-file", viewPw.toString());
    assertEquals(0, verify.code, verify::toString);
    assertTrue(verify.out.contains("\"sub\" : \"alice\""), verify.out);
  }

  @Test
  void keysetInRedis_withoutAPassphrase_isExitTwoWithOneLine() {
    CliRun r = CliRun.run("keys", "init", "--keyset", url + "/no-pass");

    assertEquals(ExitCodes.USAGE, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("always encrypted"), r.err);
  }

  @Test
  void keysetInRedis_withoutAName_isExitTwoWithOneLine() {
    CliRun r = CliRun.run("keys", "list", "--keyset", url, "--passphrase-file", pw.toString());

    assertEquals(ExitCodes.USAGE, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("needs a name"), r.err);
  }

  @Test
  void keysetInRedis_unreachable_isExitThreeWithOneLine() throws Exception {
    int closed = RedisProcess.freePort();
    CliRun r = CliRun.run("keys", "list", "--keyset", "redis://127.0.0.1:" + closed + "/prod-keys",
        "--passphrase-file", pw.toString());

    assertEquals(ExitCodes.CONFIG, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("cannot reach Redis"), r.err);
  }

  @Test
  void keysetInRedis_missing_isExitThreeWithOneLine() {
    CliRun r = CliRun.run("issue", "--keyset", url + "/never-made", "--passphrase-file", pw.toString(), "--sub", "a");

    assertEquals(ExitCodes.CONFIG, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("no such keyset"), r.err);
  }

  @Test
  void init_overAnExistingKeysetInRedis_isExitThreeAndKeepsIt() {
    String keys = url + "/kept";
    assertEquals(0, CliRun.run("keys", "init", "--keyset", keys, "--passphrase-file", pw.toString()).code);
    String before = CliRun.run("keys", "list", "--keyset", keys, "--passphrase-file", pw.toString()).out;

    CliRun again = CliRun.run("keys", "init", "--keyset", keys, "--passphrase-file", pw.toString());

    assertEquals(ExitCodes.CONFIG, again.code, again::toString);
    assertTrue(again.oneErrorLine().contains("never overwritten"), again.err);
    assertEquals(before, CliRun.run("keys", "list", "--keyset", keys, "--passphrase-file", pw.toString()).out);
  }

  @Test
  void rotate_minIntervalNotAbovePropagationDelay_isExitTwoNamingTheSetting() throws Exception {
    Path file = dir.resolve("interval-keyset.json");
    assertEquals(0, CliRun.run("keys", "init", "--keyset", file.toString()).code);

    CliRun r = CliRun.run("keys", "rotate", "--keyset", file.toString(), "--min-interval", "5m",
        "--propagation-delay", "10m");

    assertEquals(ExitCodes.USAGE, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("--min-interval (5m) must be longer than --propagation-delay (10m)"), r.err);
  }

  @Test
  void rotate_inRedis_propagationDelayBelowThePollInterval_isExitTwoNamingTheSetting() {
    CliRun r = CliRun.run("keys", "rotate", "--keyset", url + "/poll-keys", "--passphrase-file", pw.toString(),
        "--propagation-delay", "2s", "--poll-interval", "5s");

    assertEquals(ExitCodes.USAGE, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("--propagation-delay (2s) must be at least --poll-interval (5s)"), r.err);
  }

  @Test
  void rotate_fileKeysetWithAViewInRedis_isExitTwo() throws Exception {
    Path file = dir.resolve("mixed-keyset.json");
    assertEquals(0, CliRun.run("keys", "init", "--keyset", file.toString()).code);

    CliRun r = CliRun.run("keys", "rotate", "--keyset", file.toString(), "--export-verifier", url + "/view",
        "--out-passphrase-file", viewPw.toString());

    assertEquals(ExitCodes.USAGE, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("needs the keyset in the same Redis"), r.err);
  }

  @Test
  void redisOptions_withAKeysetFileAndNoStore_isExitTwo() throws Exception {
    Path file = dir.resolve("plain-keyset.json");
    assertEquals(0, CliRun.run("keys", "init", "--keyset", file.toString()).code);

    CliRun r = CliRun.run("keys", "list", "--keyset", file.toString(), "--redis-password-env", "X");

    assertEquals(ExitCodes.USAGE, r.code, r::toString);
    assertFalse(r.oneErrorLine().isEmpty());
  }
}
