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

  private Path secret(String name, String content, String mode) throws IOException {
    Path p = Files.writeString(dir.resolve(name), content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  private AtomicFiles.SecretFileException refusedSecret(Path p, int maxBytes, boolean allowInsecure) {
    return assertThrows(
        AtomicFiles.SecretFileException.class, () -> AtomicFiles.readSecret(p, "test file", maxBytes, allowInsecure));
  }

  @Test
  void readSecret_ownerOnlyFileWithinTheBound_returnsItsBytes() throws Exception {
    Path p = secret("s", "secret", "rw-------");
    assertArrayEquals("secret".getBytes(), AtomicFiles.readSecret(p, "test file", 6, false));
  }

  @Test
  void readSecret_fileOverTheBound_isTooLargeAndNamesTheNoun() throws Exception {
    Path p = secret("s", "secret!", "rw-------");
    AtomicFiles.SecretFileException e = refusedSecret(p, 6, false);
    assertEquals(AtomicFiles.SecretFileException.Problem.TOO_LARGE, e.problem());
    assertEquals(p + ": test file is larger than 6 bytes; refusing it", e.getMessage());
  }

  @Test
  void readSecret_groupReadable_isInsecureUnlessAllowed() throws Exception {
    Path p = secret("s", "secret", "rw-r-----");
    assertEquals(AtomicFiles.SecretFileException.Problem.INSECURE, refusedSecret(p, 64, false).problem());
    assertArrayEquals("secret".getBytes(), AtomicFiles.readSecret(p, "test file", 64, true));
  }

  @Test
  void readSecret_linkLeavingItsFolder_isInsecure() throws Exception {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Path target = Files.writeString(outside.resolve("s"), "secret");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    Path inside = Files.createDirectory(dir.resolve("inside"));
    Path link = Files.createSymbolicLink(inside.resolve("s"), target);
    assertEquals(AtomicFiles.SecretFileException.Problem.INSECURE, refusedSecret(link, 64, false).problem());
  }

  @Test
  void readSecret_missingFile_isMissing() {
    AtomicFiles.SecretFileException e = refusedSecret(dir.resolve("absent"), 64, false);
    assertEquals(AtomicFiles.SecretFileException.Problem.MISSING, e.problem());
    assertEquals(dir.resolve("absent") + ": test file does not exist", e.getMessage());
  }

  @Test
  void readSecret_folder_isUnreadableBeforeOpening() {
    AtomicFiles.SecretFileException e = refusedSecret(dir, 64, true);
    assertEquals(AtomicFiles.SecretFileException.Problem.UNREADABLE, e.problem());
    assertEquals(dir + ": test file is not a regular file (a folder); refusing to read it", e.getMessage());
  }

  @Test
  void secretText_oneTrailingLineBreak_isRemovedAndOnlyOne() throws Exception {
    assertArrayEquals("pw\n".toCharArray(), AtomicFiles.secretText("pw\n\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertArrayEquals("p\u00e9".toCharArray(), AtomicFiles.secretText("p\u00e9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void secretText_notUtf8_isRefused() {
    assertThrows(java.nio.charset.CharacterCodingException.class, () -> AtomicFiles.secretText(new byte[] {'p', (byte) 0xff}));
  }
}
