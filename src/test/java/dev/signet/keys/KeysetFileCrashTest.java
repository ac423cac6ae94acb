package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety and cross-process locking of keyset file writes, with real child JVMs killed by
 * SIGKILL at random moments.
 */
class KeysetFileCrashTest {
  private static final int KILLS = 50;

  @TempDir Path dir;

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private Process child(Path file, String... mode) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Quick start-up: the child only rotates a small file.
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xmx96m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(RotatingChild.class.getName());
    cmd.add(file.toString());
    cmd.addAll(List.of(mode));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** One child rotating one file, with everything it reported. */
  private final class Run {
    final Path file;
    final KeysetFile kf;
    final Keyset before;
    final String beforeHash;
    final Process process;
    final Path reportFile;
    final List<String> reported = new ArrayList<>();

    Run(Path file) throws Exception {
      this.file = file;
      this.kf = KeysetFile.at(file);
      this.before = kf.load();
      this.beforeHash = hex(ReloadingKeyset.sha256(Files.readAllBytes(file)));
      reported.add(beforeHash + " " + nextKids(before));
      this.reportFile = file.resolveSibling(file.getFileName() + ".report");
      Files.deleteIfExists(reportFile);
      this.process = child(file, "loop", reportFile.toString());
      BufferedReader out =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      assertEquals("ready", out.readLine(), "child did not start");
    }

    void kill() throws Exception {
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child did not die");
      process.getInputStream().close();
      if (Files.exists(reportFile)) {
        String text = Files.readString(reportFile, StandardCharsets.US_ASCII);
        for (String line : text.split("\n", -1)) {
          // The last element is empty, or an incomplete line from a write cut by the kill.
          if (line.length() > 65 && text.contains(line + "\n")) {
            reported.add(line);
          }
        }
      }
    }

    /** Checks the file after the kill; returns true if it is the last reported keyset, false if one rotation on. */
    boolean check(int kill) throws Exception {
      Keyset after;
      try {
        after = kf.load();
      } catch (KeysetFileException e) {
        fail("kill " + kill + ": keyset file does not load: " + e.getMessage());
        return false;
      }
      String afterHash = hex(ReloadingKeyset.sha256(Files.readAllBytes(file)));
      List<String> lines = List.copyOf(reported);
      String[] last = lines.get(lines.size() - 1).split(" ");
      if (afterHash.equals(last[0])) {
        return true;
      }
      for (int i = 0; i < lines.size() - 1; i++) {
        assertFalse(lines.get(i).startsWith(afterHash),
            "kill " + kill + ": file went back to the keyset of rotation " + i + " of " + (lines.size() - 1));
      }
      // Killed after a complete write the child had not reported yet: exactly one rotation on.
      assertEquals(last[1], activeKids(after),
          "kill " + kill + ": file is neither the last reported keyset nor one rotation after it ("
              + (lines.size() - 1) + " rotations reported; file " + after + "; last reports "
              + lines.subList(Math.max(0, lines.size() - 3), lines.size()) + ")");
      return false;
    }

    int strayTemporaries() throws IOException {
      String prefix = "." + file.getFileName() + ".tmp-";
      try (Stream<Path> s = Files.list(file.getParent())) {
        return (int) s.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
      }
    }
  }

  @Test
  void rotate_killedAtRandomMoments_leavesOldOrNewKeysetEveryTime() throws Exception {
    // Two writers on two files at a time, so the 50 kills need 25 rounds of JVM start-ups.
    Path[] files = {dir.resolve("a.json"), dir.resolve("b.json")};
    for (Path f : files) {
      KeysetFile.at(f).create(Keyset.generate().withMaxSession(java.time.Duration.ofSeconds(1)));
    }
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int sawOld = 0;
    int sawNew = 0;
    int strayTemporaries = 0;
    int reportedRotations = 0;
    int kill = 0;
    while (kill < KILLS) {
      List<Run> runs = new ArrayList<>();
      try {
        runs.add(new Run(files[0]));
        runs.add(new Run(files[1]));
        for (Run r : runs) {
          Thread.sleep(rnd.nextInt(1, 40));
          r.kill();
          strayTemporaries += r.strayTemporaries();
          reportedRotations += r.reported.size() - 1;
          if (r.check(kill++)) {
            sawOld++;
          } else {
            sawNew++;
          }
        }
      } finally {
        // A failed check must not leave a child rotating.
        for (Run r : runs) {
          r.process.destroyForcibly();
        }
      }
    }
    assertEquals(KILLS, sawOld + sawNew);
    assertTrue(reportedRotations > KILLS, "the children completed only " + reportedRotations + " rotations");
    System.out.printf(
        "crash test: %d kills, %d rotations completed, %d left the last reported keyset, %d a newer complete one,"
            + " %d stray temporaries (kills mid-write)%n",
        KILLS, reportedRotations, sawOld, sawNew, strayTemporaries);
  }

  static String nextKids(Keyset k) {
    return String.join(",", new java.util.TreeSet<>(kids(k, KeyState.NEXT)));
  }

  static String activeKids(Keyset k) {
    return String.join(",", new java.util.TreeSet<>(kids(k, KeyState.ACTIVE)));
  }

  private static Set<String> kids(Keyset k, KeyState state) {
    return k.entries().stream().filter(e -> e.state() == state).map(KeyEntry::kid).collect(Collectors.toSet());
  }

  @Test
  void rotate_fromTwoProcessesAtOnce_losesNoRotation() throws Exception {
    Path file = dir.resolve("shared.json");
    KeysetFile kf = KeysetFile.at(file);
    kf.create(Keyset.generate());
    int each = 15;
    Process a = child(file, "count", String.valueOf(each));
    Process b = child(file, "count", String.valueOf(each));
    a.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    b.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    try {
      assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
    assertEquals(0, a.exitValue());
    assertEquals(0, b.exitValue());
    Keyset k = kf.load();
    // Each rotation retires one key per purpose; a lost update would leave fewer.
    assertEquals(2 * 2 * each, kids(k, KeyState.RETIRED).size(), k::toString);
    assertEquals(4 + 2 * 2 * each, k.entries().size());
  }
}
