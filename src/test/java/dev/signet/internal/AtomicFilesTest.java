package dev.signet.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void withLock_lockFileLeftReadableByOthers_isMadeOwnerOnly() throws Exception {
    Path target = dir.resolve("keyset.json");
    Path lock = dir.resolve(".keyset.json.lock");
    Files.createFile(lock);
    Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-rw-rw-"));
    AtomicFiles.withLock(target, () -> null);
    assertEquals("rw-------", mode(lock));
  }

  @Test
  void withLock_lockFileThatIsASymbolicLink_isNotFollowed() throws Exception {
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "x");
    Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(dir.resolve(".keyset.json.lock"), elsewhere);
    assertThrows(IOException.class, () -> AtomicFiles.withLock(dir.resolve("keyset.json"), () -> null));
    assertEquals("rw-r--r--", mode(elsewhere));
  }

  @Test
  void openOwnerOnly_newFile_isOwnerOnly() throws Exception {
    Path p = dir.resolve("log");
    try (FileChannel ch = AtomicFiles.openOwnerOnly(p)) {
      assertEquals(0, ch.size());
    }
    assertEquals("rw-------", mode(p));
  }

  @Test
  void write_overAFileReadableByOthers_leavesExactlyTheAskedPermissionsAndNoTemporary() throws Exception {
    Path p = Files.writeString(dir.resolve("keyset.json"), "old");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-rw-"));
    AtomicFiles.write(p, new byte[] {1, 2, 3}, AtomicFiles.OWNER_ONLY);
    assertEquals("rw-------", mode(p));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
