package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.keys.KeysetAging;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.Passphrase;
import dev.signet.keys.ReloadingKeyset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's keys commands, run as printed (with {@code /etc/signet} moved to a temporary
 * folder): init, export for the gateways, then only the cron line, once a day for five days. A
 * gateway that hot-reloads the export accepts every token minted after every rotation.
 */
class ReadmeCronLineTest {
  private static final String CRON = "17 3 * * *  ";

  @TempDir Path dir;

  /** The README's shell block under "Keys and rotation": init, export, cron line. */
  private List<String> readmeLines() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("### Keys and rotation");
    int start = readme.indexOf("```sh\n", section) + 6;
    int end = readme.indexOf("```", start);
    List<String> lines = new ArrayList<>();
    for (String l : readme.substring(start, end).split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.replace("/etc/signet/", dir + "/"));
      }
    }
    return lines;
  }

  private static CliRun run(String line) {
    String cmd = line.startsWith(CRON) ? line.substring(CRON.length()) : line;
    int comment = cmd.indexOf("  #");
    cmd = comment < 0 ? cmd : cmd.substring(0, comment);
    String[] words = cmd.trim().split(" +");
    assertEquals("signet", words[0], line);
    CliRun r = CliRun.run(Arrays.copyOfRange(words, 1, words.length));
    assertEquals(0, r.code, () -> line + "\n" + r);
    return r;
  }

  @Test
  void readmeCronLine_alone_keepsTheGatewaysExportInStepOverFiveRotations() throws Exception {
    List<String> lines = readmeLines();
    assertEquals(3, lines.size(), lines::toString);
    assertTrue(lines.get(2).startsWith(CRON), lines.get(2));
    Path pw = Files.writeString(dir.resolve("passphrase"), "correct horse battery staple\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Passphrase passphrase = Passphrase.fromFile(pw);
    run(lines.get(0));
    run(lines.get(1));
    KeysetFile keyset = KeysetFile.at(dir.resolve("keyset.json")).withPassphrase(passphrase);
    Set<String> activeKids = new HashSet<>();
    int accepted = 0;
    try (ReloadingKeyset gateway =
        ReloadingKeyset.builder(KeysetFile.at(dir.resolve("verifier.json"))).interval(Duration.ofMillis(50)).start()) {
      TokenVerifier verifier = TokenVerifier.builder(gateway).issuer("https://login.test").audience("api").build();
      for (int day = 1; day <= 5; day++) {
        KeysetAging.age(keyset.path(), passphrase, Duration.ofDays(1));
        Thread.sleep(200); // the gateway has long reloaded the previous export
        CliRun r = run(lines.get(2));
        assertTrue(r.out.startsWith("rotated"), r.out);
        // Minted at once with the key this run promoted; the gateway may not have reloaded yet.
        var keys = keyset.load();
        activeKids.add(keys.active(dev.signet.keys.KeyPurpose.SIGNING).orElseThrow().kid());
        String token = TokenIssuer.builder(keys).issuer("https://login.test").audience("api").build()
            .start(NewSession.forSubject("alice")).token();
        Verification v = verifier.verify(token);
        assertTrue(v.isAccepted(), "day " + day + ": " + v);
        accepted++;
      }
    }
    assertEquals(5, accepted);
    assertEquals(5, activeKids.size(), "five different active signing keys");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("verifier.json"))));
  }
}
