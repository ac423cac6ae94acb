package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys commands, in a process whose umask removes nothing, still write owner-only files. */
class KeysInitUmaskTest {
  /** Runs {@code signet ARGS} in {@code dir} under umask 000. */
  private static void underUmaskZero(Path dir, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // sh -c sets $0 to the folder, $1 and $2 to java and the class path; the rest is "$@" after two shifts.
    List<String> cmd = new ArrayList<>(List.of("sh", "-c",
        "umask 000 && cd \"$0\" && J=\"$1\" && CP=\"$2\" && shift 2"
            + " && exec \"$J\" -XX:TieredStopAtLevel=1 -cp \"$CP\" dev.signet.cli.Main \"$@\"",
        dir.toString(), java, System.getProperty("java.class.path")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", args) + "\n" + out);
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void init_underUmaskZero_writesOwnerOnlyFiles(@TempDir Path dir) throws Exception {
    Path keyset = dir.resolve("keyset.json");
    underUmaskZero(dir, "keys", "init", "--keyset", keyset.toString());
    assertEquals("rw-------", mode(keyset));
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        assertEquals("rw-------", mode(f), f.toString());
      }
    }
  }

  @Test
  void everyKeysCommand_underUmaskZero_writesOnlyOwnerOnlyFilesButThePublicJwks(@TempDir Path dir) throws Exception {
    Path pw = Files.writeString(dir.resolve("passphrase"), "correct horse\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    underUmaskZero(dir, "keys", "init", "--keyset", "keyset.json", "--passphrase-file", "passphrase");
    underUmaskZero(dir, "keys", "rotate", "--keyset", "keyset.json", "--passphrase-file", "passphrase", "--force");
    underUmaskZero(dir, "keys", "export", "--keyset", "keyset.json", "--passphrase-file", "passphrase",
        "--verifier", "verifier.json", "--out-passphrase-file", "passphrase");
    underUmaskZero(dir, "keys", "export", "--keyset", "keyset.json", "--passphrase-file", "passphrase",
        "--jwks", "jwks.json");
    List<String> seen = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        seen.add(name);
        assertEquals(name.equals("jwks.json") ? "rw-r--r--" : "rw-------", mode(f), name);
      }
    }
    assertTrue(seen.containsAll(List.of("keyset.json", ".keyset.json.lock", "verifier.json", ".verifier.json.lock")), seen::toString);
  }
}
