package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.revocation.RedisProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The packaged CLI against Redis servers of the test's own, as an operator runs it: an ACL user
 * with the password from an environment variable or from a file (acceptance 1 of the
 * production-Redis issue), and every failure as exactly one stderr line, fast, with no log line
 * before it and no password in it.
 */
class RedisCliIT {
  private static final String PASSWORD = "it-secret-4711";
  @TempDir static Path dir;
  static RedisProcess redis;
  static Path keyset;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisProcess.start(dir.resolve("redis"));
    try (Jedis admin = redis.client()) {
      admin.sendCommand(Protocol.Command.ACL, "SETUSER", "signet", "on", ">" + PASSWORD, "~{signet:revocation:}*",
          "&{signet:revocation:}*", "+@all");
    }
    keyset = dir.resolve("keyset.json");
    assertEquals(0, CliRun.run("keys", "init", "--keyset", keyset.toString()).code);
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  private static String url() {
    return "redis://signet@127.0.0.1:" + redis.port();
  }

  private static String token(String sub) {
    CliRun issued = CliRun.run("issue", "--keyset", keyset.toString(), "--sub", sub);
    assertEquals(0, issued.code, issued::toString);
    return issued.out.trim();
  }

  private static String claim(String token, String name) {
    CliRun v = CliRun.run("verify", "--keyset", keyset.toString(), "--json", token);
    String json = v.out;
    int i = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return json.substring(i, json.indexOf('"', i));
  }

  private static SignetJar.Result jar(Map<String, String> env, String... args) throws Exception {
    return SignetJar.run(SignetJar.command(args), env, 60);
  }

  private static void assertOneLine(SignetJar.Result r, int code, String contains) {
    assertEquals(code, r.code, r::toString);
    assertEquals(1, r.err.strip().lines().count(), r::toString);
    assertTrue(r.err.startsWith("signet: "), r::toString);
    assertTrue(r.err.contains(contains), r::toString);
    assertFalse(r.err.contains(PASSWORD), r::toString);
  }

  @Test
  void aclUser_passwordFromAnEnvironmentVariable_revokesAndVerifies() throws Exception {
    String token = token("alice");
    Map<String, String> env = Map.of("SIGNET_REDIS_PASSWORD", PASSWORD);

    SignetJar.Result revoke = jar(env, "revoke", "--revocations", url(), "--redis-password-env", "SIGNET_REDIS_PASSWORD",
        "--sid", claim(token, "sid"));
    assertEquals(0, revoke.code, revoke::toString);
    assertEquals("", revoke.err, revoke::toString);

    SignetJar.Result verify = jar(env, "verify", "--keyset", keyset.toString(), "--revocations", url(),
        "--redis-password-env", "SIGNET_REDIS_PASSWORD", token);
    assertOneLine(verify, ExitCodes.REJECTED, "REVOKED");
  }

  @Test
  void aclUser_passwordFromAnOwnerOnlyFile_revokesAndVerifies() throws Exception {
    Path pw = dir.resolve("redis-password");
    Files.writeString(pw, PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    String token = token("bob");

    SignetJar.Result revoke = jar(Map.of(), "revoke", "--revocations", url(), "--redis-password-file", pw.toString(),
        "--sid", claim(token, "sid"));
    assertEquals(0, revoke.code, revoke::toString);

    SignetJar.Result verify = jar(Map.of(), "verify", "--keyset", keyset.toString(), "--revocations", url(),
        "--redis-password-file", pw.toString(), token);
    assertOneLine(verify, ExitCodes.REJECTED, "REVOKED");
  }

  @Test
  void wrongPassword_isOneClearLineExit3() throws Exception {
    SignetJar.Result r = jar(Map.of("SIGNET_REDIS_PASSWORD", "wrong-" + PASSWORD.substring(3)), "verify",
        "--keyset", keyset.toString(), "--revocations", url(), "--redis-password-env", "SIGNET_REDIS_PASSWORD", token("carol"));

    assertOneLine(r, ExitCodes.CONFIG, "refused the credentials");
    assertFalse(r.err.contains("wrong-"), r::toString);
  }

  @Test
  void passwordInTheUrl_isRefusedWithoutEchoingIt() throws Exception {
    SignetJar.Result r = jar(Map.of(), "revoke", "--revocations",
        "redis://signet:" + PASSWORD + "@127.0.0.1:" + redis.port(), "--jti", "j");

    assertOneLine(r, ExitCodes.CONFIG, "--redis-password-env");
  }

  @Test
  void unreachableRedis_failsFastWithExactlyOneStderrLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    SignetJar.Result r = jar(Map.of(), "verify", "--keyset", keyset.toString(), "--revocations",
        "redis://127.0.0.1:" + port, token("dave"));
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertOneLine(r, ExitCodes.CONFIG, "cannot reach Redis at 127.0.0.1:" + port);
    // JVM start included; the old behaviour took 10 s and logged a warning first.
    assertTrue(ms < 8_000, ms + " ms");
  }
}
