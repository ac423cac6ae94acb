package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.RevocationTestSessions;
import dev.signet.revocation.RevocationList;
import dev.signet.revocation.RevocationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationStoreArgTest {
  @TempDir Path dir;

  private static RevocationStoreArg arg(String s) {
    return new RevocationStoreArg.Converter().convert(s);
  }

  @Test
  void openToVerify_missingLogFile_isExit3_andCreatesNothing() {
    Path missing = dir.resolve("typo.log");

    CliException e = assertThrows(CliException.class, () -> arg(missing.toString()).open(false));

    assertEquals(ExitCodes.CONFIG, e.exitCode());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    assertFalse(Files.exists(missing));
    assertFalse(Files.exists(dir.resolve("typo.log.lock")));
  }

  @Test
  void openToVerify_emptyFile_isAnEmptyLog() throws Exception {
    Path touched = Files.createFile(dir.resolve("rev.log"));

    try (RevocationStore s = arg(touched.toString()).open(false)) {
      assertEquals(RevocationList.Status.NOT_REVOKED, s.check(RevocationTestSessions.withTokenId("j")));
    }
  }

  @Test
  void openForRevoke_missingLogFile_isCreated() throws Exception {
    Path log = dir.resolve("new.log");

    try (RevocationStore s = arg(log.toString()).openForRevoke()) {
      assertTrue(Files.exists(log));
    }
  }

  @Test
  void redisUrlWithAPassword_isExit3_andNeverEchoesThePassword() {
    for (String bad : new String[] {"redis://user:hunter2@h", "rediss://:hunter2@h:6380", "redis-sentinel://u:hunter2@a,b/m",
        "redis://u:hun/ter2@h", "redis://u:hunter2@h?prefix=x:"}) {
      CliException e = assertThrows(CliException.class, () -> arg(bad).open(false), bad);
      assertEquals(ExitCodes.CONFIG, e.exitCode(), bad);
      assertTrue(e.getMessage().startsWith("malformed revocation store URL"), e.getMessage());
      assertTrue(e.getMessage().contains("--redis-password-env"), e.getMessage());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
      assertFalse(arg(bad).toString().contains("hunter2"), bad);
    }
  }

  @Test
  void malformedRedisUrl_isExit3() {
    for (String bad : new String[] {"redis://h?db=1", "redis://h:abc", "redis://:6379", "redis://a,b", "redis-cluster://h/2",
        "redis-sentinel://h:26379", "redis-bogus://h"}) {
      CliException e = assertThrows(CliException.class, () -> arg(bad).open(false), bad);
      assertEquals(ExitCodes.CONFIG, e.exitCode(), bad);
      assertTrue(e.getMessage().startsWith("malformed revocation store URL '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void redisOptionsWithAFileStore_isAUsageError() throws Exception {
    Path touched = Files.createFile(dir.resolve("rev.log"));
    RedisOptions redis = new RedisOptions();
    redis.passwordEnv = "REDIS_PASSWORD";

    CliException e = assertThrows(CliException.class, () -> arg(touched.toString()).open(false, redis));

    assertEquals(ExitCodes.USAGE, e.exitCode());
  }
}
