package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file the file store creates is owner-only, whatever the umask. */
class FileRevocationListPermissionsTest {
  private static Map<String, String> permissionsOf(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.collect(Collectors.toList())) {
        out.put(f.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
    return out;
  }

  private static void runUnderUmaskZero(Path log, String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder("sh", "-c",
        "umask 000 && \"$0\" -XX:TieredStopAtLevel=1 -cp \"$1\" dev.signet.revocation.OwnerOnlyChild \"$2\" \"$3\"",
        java, System.getProperty("java.class.path"), log.toString(), mode)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
    assertEquals(0, p.exitValue(), out);
  }

  @Test
  void logLockAndCompactedLog_underUmaskZero_areOwnerOnly(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("revocations.log");

    runUnderUmaskZero(log, "create");
    assertEquals(Map.of("revocations.log", "rw-------", "revocations.log.lock", "rw-------"), permissionsOf(dir),
        "the log (renamed from NAME.new) and its lock");

    runUnderUmaskZero(log, "compact");
    assertEquals(Map.of("revocations.log", "rw-------", "revocations.log.lock", "rw-------"), permissionsOf(dir),
        "the compacted log (renamed from NAME.compact) and its lock");
  }

  @Test
  void compaction_keepsTheOwnerAndGroupPermissionsOfTheLog_andDropsAnyForOthers(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("revocations.log");
    try (FileRevocationList list = FileRevocationList.builder(log).pollInterval(Duration.ZERO).build()) {
      list.revoke(Revocation.token("kept", Instant.now().plus(Duration.ofHours(1))));
      Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw----"));
      list.compact();
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));

      Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
      list.compact();
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }
    assertEquals(List.of("revocations.log", "revocations.log.lock"), List.copyOf(permissionsOf(dir).keySet()));
  }
}
