package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A passphrase file is read under the keyset file's rules: owner-only, regular, bounded. */
class PassphraseTest {
  @TempDir Path dir;

  private Path ownerOnly(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  private static KeysetFileException refused(Path p) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(KeysetFileException.class, () -> Passphrase.fromFile(p)));
  }

  @Test
  void fromFile_ownerOnlyRegularFile_loads() throws Exception {
    Path p = ownerOnly("pw", "correct horse\n");
    Keyset k = Keyset.generate();
    KeysetFile.at(dir.resolve("k.json")).withPassphrase(Passphrase.fromFile(p)).save(k);
    assertEquals(k, KeysetFile.at(dir.resolve("k.json")).withPassphrase(Passphrase.of("correct horse".toCharArray())).load());
  }

  @Test
  void fromFile_groupReadable_isRefusedAsInsecure() throws Exception {
    Path p = ownerOnly("pw", "correct horse\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    KeysetFileException e = refused(p);
    assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS, e.reason());
    assertTrue(e.getMessage().startsWith(p + ": passphrase file is accessible to group or others"), e.getMessage());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void fromFile_symbolicLinkLeavingItsFolder_isRefused() throws Exception {
    Path real = ownerOnly("pw", "correct horse\n");
    Path mount = Files.createDirectory(dir.resolve("mount"));
    Path link = Files.createSymbolicLink(mount.resolve("pw"), real);
    KeysetFileException e = refused(link);
    assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS, e.reason());
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  @Test
  void fromFile_fifo_isRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("pw.fifo");
    Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
    assertTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
    KeysetFileException e = refused(fifo);
    assertEquals(KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void fromFile_largerThanTheLimit_isRefusedAfterABoundedRead() throws Exception {
    Path p = ownerOnly("pw", "x".repeat(Passphrase.MAX_LENGTH * 3 + 3));
    KeysetFileException e = refused(p);
    assertEquals(KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void fromFile_devZero_isRefusedBeforeReading() {
    KeysetFileException e = refused(Path.of("/dev/zero"));
    assertEquals(KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void fromFileAllowingInsecurePermissions_acceptsAGroupReadableFileButNeverADevice() throws Exception {
    Path p = ownerOnly("pw", "correct horse\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(Files.createDirectory(dir.resolve("mount")).resolve("pw"), p);
    assertTrue(Passphrase.fromFileAllowingInsecurePermissions(link).toString().contains(link.toString()));
    Path zero = Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
    KeysetFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(KeysetFileException.class, () -> Passphrase.fromFileAllowingInsecurePermissions(zero)));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }
}
