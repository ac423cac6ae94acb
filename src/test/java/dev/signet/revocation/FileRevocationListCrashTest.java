package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.RevocationTestSessions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of the revocation issue: a child JVM revokes in a loop and is killed (SIGKILL) at
 * a random moment, 50 times; every revocation it acknowledged is present when the log is opened
 * again, including after a torn record is left at the end of the file.
 */
class FileRevocationListCrashTest {
  private static final int KILLS = 50;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedRevocation_survivesRandomKills_andTornTails() throws Exception {
    Path log = dir.resolve("revocations.log");
    Random random = new Random(0x5167E7L ^ System.nanoTime());
    List<String> acknowledged = new ArrayList<>();
    int tornInjected = 0;
    for (int run = 0; run < KILLS; run++) {
      acknowledged.addAll(runAndKill(log, "r" + run, random.nextInt(120)));
      if (run % 5 == 4) {
        appendTornRecord(log, random);
        tornInjected++;
      }
      try (FileRevocationList list = FileRevocationList.builder(log).pollInterval(Duration.ZERO).build()) {
        for (String id : acknowledged) {
          assertEquals(RevocationList.Status.REVOKED, list.check(RevocationTestSessions.withTokenId(id)),
              "acknowledged " + id + " missing after kill " + run);
        }
      }
    }
    assertTrue(acknowledged.size() >= KILLS, "too few acknowledged revocations: " + acknowledged.size());
    System.out.printf("file log crash test: %d kills, %d acknowledged revocations all present, %d torn tails injected%n",
        KILLS, acknowledged.size(), tornInjected);
  }

  private static List<String> runAndKill(Path log, String run, int killAfterMs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), RevokingChild.class.getName(), log.toString(), run);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first;
      do {
        // Log lines (a warning about a torn tail, say) may come before the child is ready.
        first = out.readLine();
      } while (first != null && !first.equals("ready"));
      assertEquals("ready", first, "child did not start");
      // Kill at a random moment once the child is appending.
      Thread.sleep(killAfterMs);
      // SIGKILL through the handle: unlike Process.destroyForcibly it leaves our end of the
      // pipe open, so acknowledgements already written are still read below.
      p.toHandle().destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ok ")) {
          acked.add(line.substring(3));
        }
      }
    } finally {
      p.destroyForcibly();
    }
    return acked;
  }

  /** What a crash in the middle of a write leaves: the first bytes of a record, not all. */
  private static void appendTornRecord(Path log, Random random) throws IOException {
    ByteBuffer whole = RevocationLog.encode(Revocation.token("torn-" + random.nextInt(), Instant.now().plusSeconds(3600)));
    int cut = 1 + random.nextInt(whole.remaining() - 1);
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(whole.array(), 0, cut));
    }
  }
}
