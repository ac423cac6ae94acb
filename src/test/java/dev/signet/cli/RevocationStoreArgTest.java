package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.RevocationTestSessions;
import dev.signet.revocation.RedisRevocationList;
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
  void redisUrl_defaultsPortAndPrefix() {
    RevocationStoreArg.RedisTarget t = arg("redis://cache.internal").redisTarget();

    assertEquals("cache.internal", t.host);
    assertEquals(6379, t.port);
    assertEquals(RedisRevocationList.DEFAULT_KEY_PREFIX, t.prefix);
  }

  @Test
  void redisUrl_takesPortAndPrefix() {
    RevocationStoreArg.RedisTarget t = arg("REDIS://10.0.0.5:6380?prefix=gw1:").redisTarget();

    assertEquals("10.0.0.5", t.host);
    assertEquals(6380, t.port);
    assertEquals("gw1:", t.prefix);
  }

  @Test
  void redisUrl_withCredentialsOrUnknownQuery_isExit3() {
    for (String bad : new String[] {"redis://user:pw@h", "redis://h?db=1", "redis://h:abc", "redis://:6379"}) {
      CliException e = assertThrows(CliException.class, () -> arg(bad).redisTarget(), bad);
      assertEquals(ExitCodes.CONFIG, e.exitCode(), bad);
      assertTrue(e.getMessage().startsWith("malformed revocation store URL"), e.getMessage());
    }
  }
}
