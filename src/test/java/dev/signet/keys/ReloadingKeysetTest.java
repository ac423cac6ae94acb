package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeysetTest {
  @TempDir Path dir;

  private static final Rotation FORCED =
      Rotation.with(RotationPolicy.builder().minInterval(Duration.ZERO).propagationDelay(Duration.ZERO).build()).forced();

  private KeysetFile file() {
    return KeysetFile.at(dir.resolve("keyset.json"));
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + max);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void defaultInterval_isAtMostTenSeconds() {
    assertTrue(ReloadingKeyset.DEFAULT_INTERVAL.compareTo(Duration.ofSeconds(10)) <= 0);
  }

  @Test
  void rotatedFile_isInUseWithinTheInterval() throws Exception {
    KeysetFile f = file();
    f.create(Keyset.generate());
    try (ReloadingKeyset source = ReloadingKeyset.builder(f).interval(Duration.ofMillis(50)).start()) {
      Keyset rotated = FORCED.applyTo(f).keyset();
      long start = System.nanoTime();
      awaitTrue(() -> source.current().equals(rotated), Duration.ofSeconds(5));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
    }
  }

  @Test
  void start_withoutALoadableFile_fails() {
    KeysetFileException e =
        assertThrows(KeysetFileException.class, () -> ReloadingKeyset.builder(file()).start());
    assertEquals(KeysetFileException.Reason.NOT_FOUND, e.reason());
  }

  @Test
  void corruptFile_isRefusedOnceAndTheLastGoodKeysetStays() throws Exception {
    KeysetFile f = file();
    Keyset good = Keyset.generate();
    f.create(good);
    try (LogCapture log = new LogCapture(ReloadingKeyset.class);
        ReloadingKeyset source = ReloadingKeyset.builder(f).interval(Duration.ofMinutes(10)).start()) {
      Keyset before = source.current();
      assertEquals(good, before);
      Files.writeString(f.path(), "{\"format\":\"signet-keyset\",\"version\":1,\"keys\":[");
      assertFalse(source.reloadNow());
      assertFalse(source.reloadNow());
      assertFalse(source.reloadNow());
      assertSame(before, source.current());
      assertEquals(KeysetFileException.Reason.MALFORMED, source.lastError().orElseThrow().reason());
      assertEquals(1, log.messages(Level.WARN).size(), log.all()::toString);
    }
  }

  @Test
  void halfWrittenFile_isRefusedThenTheCompleteFileLoads() throws Exception {
    KeysetFile f = file();
    f.create(Keyset.generate());
    try (LogCapture log = new LogCapture(ReloadingKeyset.class);
        ReloadingKeyset source = ReloadingKeyset.builder(f).interval(Duration.ofMinutes(10)).start()) {
      Keyset before = source.current();
      Keyset rotated = FORCED.apply(before).keyset();
      byte[] full = f.encode(rotated);
      // A tool that writes in place, caught half way.
      Files.write(f.path(), Arrays.copyOf(full, full.length / 2));
      assertFalse(source.reloadNow());
      assertSame(before, source.current());
      Files.write(f.path(), full);
      assertTrue(source.reloadNow());
      assertEquals(rotated, source.current());
      assertTrue(source.lastError().isEmpty());
      List<String> secrets = KeyMaterial.allSpellings(rotated);
      for (String m : log.all()) {
        assertNull(KeyMaterial.findIn(m, secrets), m);
      }
    }
  }

  @Test
  void fileMadeGroupReadable_isRefusedAndTheLastGoodKeysetStays() throws Exception {
    KeysetFile f = file();
    f.create(Keyset.generate());
    try (ReloadingKeyset source = ReloadingKeyset.builder(f).interval(Duration.ofMinutes(10)).start()) {
      Keyset before = source.current();
      FORCED.applyTo(f);
      Files.setPosixFilePermissions(f.path(), PosixFilePermissions.fromString("rw-r--r--"));
      assertFalse(source.reloadNow());
      assertSame(before, source.current());
      assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS, source.lastError().orElseThrow().reason());
    }
  }

  @Test
  void deletedFile_keepsTheLastGoodKeyset() throws Exception {
    KeysetFile f = file();
    f.create(Keyset.generate());
    try (ReloadingKeyset source = ReloadingKeyset.builder(f).interval(Duration.ofMinutes(10)).start()) {
      Keyset before = source.current();
      Files.delete(f.path());
      assertFalse(source.reloadNow());
      assertSame(before, source.current());
      assertEquals(KeysetFileException.Reason.NOT_FOUND, source.lastError().orElseThrow().reason());
    }
  }

  @Test
  void encryptedFile_reloadsWithItsPassphrase() throws Exception {
    KeysetFile f = file().withPassphrase(Passphrase.of("correct horse".toCharArray()));
    f.create(Keyset.generate());
    try (ReloadingKeyset source = ReloadingKeyset.builder(f).interval(Duration.ofMinutes(10)).start()) {
      Keyset rotated = FORCED.applyTo(f).keyset();
      assertTrue(source.reloadNow());
      assertEquals(rotated, source.current());
    }
  }

  @Test
  void encryptedFile_replacedByPlaintext_isRefusedAndWarnedOnceWhileTheLastGoodKeysetStays() throws Exception {
    KeysetFile f = file().withPassphrase(Passphrase.of("correct horse".toCharArray()));
    f.create(Keyset.generate());
    try (LogCapture log = new LogCapture(ReloadingKeyset.class);
        ReloadingKeyset source = ReloadingKeyset.builder(f).interval(Duration.ofMillis(20)).start()) {
      Keyset before = source.current();
      Keyset forged = Keyset.generate();
      file().save(forged);
      awaitTrue(() -> source.lastError().isPresent(), Duration.ofSeconds(5));
      Thread.sleep(200); // ten more polls of the same plaintext file
      assertFalse(source.reloadNow());
      assertSame(before, source.current());
      assertEquals(KeysetFileException.Reason.NOT_ENCRYPTED, source.lastError().orElseThrow().reason());
      assertEquals(1, log.messages(Level.WARN).size(), log.all()::toString);
    }
  }
}
