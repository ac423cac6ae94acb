package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys init} in a process whose umask removes nothing still writes an owner-only file. */
class KeysInitUmaskTest {
  @Test
  void init_underUmaskZero_writesOwnerOnlyFiles(@TempDir Path dir) throws Exception {
    Path keyset = dir.resolve("keyset.json");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder("sh", "-c", "umask 000 && \"$0\" -XX:TieredStopAtLevel=1 -cp \"$1\" dev.signet.cli.Main keys init --keyset \"$2\"",
                java, System.getProperty("java.class.path"), keyset.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset)));
    try (var files = Files.list(dir)) {
      files.forEach(f -> {
        try {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
      });
    }
  }
}
