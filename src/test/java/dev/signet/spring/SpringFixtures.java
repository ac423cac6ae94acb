package dev.signet.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.cli.Main;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.UUID;

/** What the Spring tests share: the real Redis on 127.0.0.1:6379, keyset files, the CLI. */
public final class SpringFixtures {
  public static final String REDIS_HOST = "127.0.0.1";
  public static final int REDIS_PORT = 6379;

  private SpringFixtures() {}

  /**
   * Skips the test when Redis on 127.0.0.1:6379 is unreachable, or fails it when the environment
   * sets {@code REQUIRE_REDIS=1} (as CI does).
   */
  public static void assumeRedis() {
    dev.signet.revocation.RedisSupport.assumeRedis();
  }

  /** A key prefix no other test uses. */
  public static String uniquePrefix() {
    return "signet-test:spring:" + UUID.randomUUID() + ":";
  }

  /** The {@code signet.revocations} value for the shared Redis under {@code prefix}. */
  public static String redisStore(String prefix) {
    return "redis://" + REDIS_HOST + ":" + REDIS_PORT + "?prefix=" + prefix;
  }

  /**
   * Removes every key of the store under the prefix (only this test's keys), as the revocation
   * tests do.
   */
  public static void deleteAll(String prefix) {
    dev.signet.revocation.RedisSupport.deleteAll(prefix);
  }

  /** A new full keyset file in {@code dir}. */
  public static Path newKeyset(Path dir) throws Exception {
    Path file = dir.resolve("keyset.json");
    KeysetFile.at(file).create(Keyset.generate());
    return file;
  }

  /** Runs the CLI in this process and returns its stdout; fails on a non-zero exit. */
  public static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(0, code, () -> "signet " + String.join(" ", args) + " failed: " + err);
    return out.toString();
  }
}
