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
import java.util.Collections;
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

  @Test
  void rotate_killedAtRandomMoments_leavesOldOrNewKeysetEveryTime() throws Exception {
    Path file = dir.resolve("keyset.json");
    KeysetFile kf = KeysetFile.at(file);
    kf.create(Keyset.generate());
    int sawOld = 0;
    int sawNew = 0;
    int strayTemporaries = 0;
    int rotationsSeen = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Keyset before = kf.load();
      String beforeHash = hex(ReloadingKeyset.sha256(Files.readAllBytes(file)));
      Process p = child(file, "loop");
      List<String> reported = Collections.synchronizedList(new ArrayList<>());
      reported.add(beforeHash + " " + nextKids(before));
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
      String first = out.readLine();
      assertEquals("ready", first, "child did not start");
      Thread reader =
          new Thread(
              () -> {
                try {
                  for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("saved ")) {
                      reported.add(line.substring(6));
                    }
                  }
                } catch (IOException e) {
                  // the child was killed
                }
              });
      reader.start();
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 60));
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not die");
      reader.join(60_000);
      assertFalse(reader.isAlive(), "child output not drained");

      try (Stream<Path> s = Files.list(dir)) {
        strayTemporaries += (int) s.filter(f -> f.getFileName().toString().startsWith(".keyset.json.tmp-")).count();
      }
      // The file must load, and be the last keyset the child reported or exactly one rotation after it.
      Keyset after;
      try {
        after = kf.load();
      } catch (KeysetFileException e) {
        fail("kill " + kill + ": keyset file does not load: " + e.getMessage());
        return;
      }
      String afterHash = hex(ReloadingKeyset.sha256(Files.readAllBytes(file)));
      List<String> lines = List.copyOf(reported);
      String[] last = lines.get(lines.size() - 1).split(" ");
      if (afterHash.equals(last[0])) {
        sawOld++;
      } else {
        for (int i = 0; i < lines.size() - 1; i++) {
          assertFalse(lines.get(i).startsWith(afterHash),
              "kill " + kill + ": file went back to the keyset of rotation " + i + " of " + (lines.size() - 1));
        }
        // Killed after a complete write the child had not reported yet: exactly one rotation on.
        assertEquals(last[1], activeKids(after),
            "kill " + kill + ": file is neither the last reported keyset nor one rotation after it ("
                + (lines.size() - 1) + " rotations reported)");
        sawNew++;
      }
      rotationsSeen += retiredOrGone(before, after);
    }
    assertTrue(sawOld + sawNew == KILLS);
    assertTrue(rotationsSeen > 0, "the child never completed a rotation");
    System.out.printf(
        "crash test: %d kills, %d left the last reported keyset, %d a newer complete one, %d stray temporaries (kills mid-write)%n",
        KILLS, sawOld, sawNew, strayTemporaries);
  }

  static String nextKids(Keyset k) {
    return String.join(",", new java.util.TreeSet<>(kids(k, KeyState.NEXT)));
  }

  static String activeKids(Keyset k) {
    return String.join(",", new java.util.TreeSet<>(kids(k, KeyState.ACTIVE)));
  }

  private static int retiredOrGone(Keyset before, Keyset after) {
    Set<String> a = kids(before, KeyState.ACTIVE);
    a.retainAll(kids(after, KeyState.ACTIVE));
    return a.isEmpty() ? 1 : 0;
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
    assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, a.exitValue());
    assertEquals(0, b.exitValue());
    Keyset k = kf.load();
    // Each rotation retires one key per purpose; a lost update would leave fewer.
    assertEquals(2 * 2 * each, kids(k, KeyState.RETIRED).size(), k::toString);
    assertEquals(4 + 2 * 2 * each, k.entries().size());
  }
}
