package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.revocation.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of docs/KEYS.md's "The Redis channel" block, run as printed against a
 * redis-server of the test's own (its address and the secrets folder put in place of the
 * documented ones).
 */
class KeysRedisDocTest {
  @TempDir Path dir;

  @Test
  void redisChannelCommands_runAsPrinted() throws Exception {
    String doc = Files.readString(Path.of("docs", "KEYS.md"));
    int section = doc.indexOf("### The Redis channel");
    assertTrue(section >= 0, "docs/KEYS.md has a Redis channel section");
    int start = doc.indexOf("```sh\n", section) + 6;
    String block = doc.substring(start, doc.indexOf("```", start));
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    for (String name : List.of("signet-passphrase", "signet-verifier-passphrase")) {
      Path p = secrets.resolve(name);
      Files.writeString(p, name + " of the doc test");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
    List<String> ran = new ArrayList<>();
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
      for (String line : block.split("\n")) {
        if (!line.startsWith("signet ")) {
          continue;
        }
        String cmd = line.substring("signet ".length())
            .replace("redis.internal:6379", "127.0.0.1:" + redis.port())
            .replace("/run/secrets/", secrets + "/");
        CliRun r = CliRun.run(cmd.trim().split("\\s+"));
        assertEquals(0, r.code, () -> "docs/KEYS.md: `" + line + "`\n" + r);
        ran.add(line);
      }
    }
    assertEquals(4, ran.size(), ran::toString);
  }
}
