package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetFileTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00.123456789Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("keyset.json");
  }

  @Test
  void saveThenLoad_returnsEqualKeyset() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    KeysetFile.at(file()).save(k);
    assertEquals(k, KeysetFile.at(file()).load());
  }

  @Test
  void verifierKeyset_roundTripsWithoutPrivateSigningKeys() throws Exception {
    Keyset v = Keyset.generate(CLOCK).verifierOnly();
    KeysetFile.at(file()).save(v);
    Keyset loaded = KeysetFile.at(file()).load();
    assertEquals(v, loaded);
    assertFalse(loaded.canSign());
    assertFalse(Files.readString(file()).contains("\"d\""));
  }

  @Test
  void create_writesOwnerOnlyFile() throws Exception {
    KeysetFile.at(file()).create(Keyset.generate(CLOCK));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
  }

  @Test
  void save_overAGroupReadableFile_leavesItOwnerOnly() throws Exception {
    Files.writeString(file(), "old");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
    KeysetFile.at(file()).save(Keyset.generate(CLOCK));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
  }

  @Test
  void create_existingFile_isNeverOverwritten() throws Exception {
    Keyset first = Keyset.generate(CLOCK);
    KeysetFile.at(file()).create(first);
    byte[] before = Files.readAllBytes(file());
    KeysetFileException e =
        assertThrows(KeysetFileException.class, () -> KeysetFile.at(file()).create(Keyset.generate(CLOCK)));
    assertEquals(KeysetFileException.Reason.ALREADY_EXISTS, e.reason());
    assertArrayEquals(before, Files.readAllBytes(file()));
  }

  @Test
  void load_groupReadableFile_isRefusedUnlessAllowed() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    KeysetFile.at(file()).save(k);
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r-----"));
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> KeysetFile.at(file()).load());
    assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS, e.reason());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    assertEquals(k, KeysetFile.at(file()).allowInsecurePermissions().load());
  }

  @Test
  void load_symbolicLinkLeavingItsFolder_isRefusedUnlessAllowed() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    Path real = dir.resolve("real.json");
    KeysetFile.at(real).save(k);
    Path link = Files.createSymbolicLink(Files.createDirectory(dir.resolve("mount")).resolve("keyset.json"), real);
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> KeysetFile.at(link).load());
    assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS, e.reason());
    assertTrue(e.getMessage().contains("symbolic link that leaves its folder"), e.getMessage());
    assertEquals(k, KeysetFile.at(link).allowInsecurePermissions().load());
  }

  @Test
  void load_fifo_isRefusedWithoutBlocking() throws Exception {
    Process mk = new ProcessBuilder("mkfifo", "-m", "600", file().toString()).inheritIO().start();
    assertTrue(mk.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
    KeysetFileException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
        () -> assertThrows(KeysetFileException.class, () -> KeysetFile.at(file()).allowInsecurePermissions().load()));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void load_missingFile_isNotFound() {
    assertReason(KeysetFileException.Reason.NOT_FOUND, null);
  }

  @Test
  void load_emptyFile_isEmpty() throws Exception {
    assertReason(KeysetFileException.Reason.EMPTY, "");
    assertReason(KeysetFileException.Reason.EMPTY, " \n");
  }

  @Test
  void load_otherFormatVersion_namesTheVersion() throws Exception {
    ObjectNode root = plainJson(Keyset.generate(CLOCK));
    root.put("version", 3);
    KeysetFileException e = assertReason(KeysetFileException.Reason.UNSUPPORTED_VERSION, root.toString());
    assertTrue(e.getMessage().contains("version 3"), e.getMessage());
  }

  @Test
  void maxSession_roundTripsAsVersion2InPlainAndEncryptedFiles() throws Exception {
    Keyset k = Keyset.generate(CLOCK).withMaxSession(java.time.Duration.ofDays(30));
    KeysetFile.at(file()).save(k);
    ObjectNode root = (ObjectNode) JSON.readTree(file().toFile());
    assertEquals(2, root.get("version").intValue());
    assertEquals("PT720H", root.get("maxSession").textValue());
    assertEquals(k, KeysetFile.at(file()).load());
    KeysetFile encrypted = KeysetFile.at(file()).withPassphrase(Passphrase.of("correct horse".toCharArray()));
    encrypted.save(k);
    assertFalse(Files.readString(file()).contains("maxSession"), "authenticated inside the ciphertext");
    assertEquals(java.time.Duration.ofDays(30), encrypted.load().maxSession());
  }

  @Test
  void defaultMaxSession_isWrittenAsVersion1AndAVersion1FileLoadsWithTheTwelveHourDefault() throws Exception {
    ObjectNode root = plainJson(Keyset.generate(CLOCK));
    assertEquals(1, root.get("version").intValue());
    assertNull(root.get("maxSession"));
    Files.writeString(file(), root.toString());
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
    assertEquals(java.time.Duration.ofHours(12), KeysetFile.at(file()).load().maxSession());
  }

  @Test
  void maxSession_inAVersion1FileOrOutOfRange_isMalformed() throws Exception {
    ObjectNode root = plainJson(Keyset.generate(CLOCK));
    root.put("maxSession", "PT24H");
    assertReason(KeysetFileException.Reason.MALFORMED, root.toString());
    root.put("version", 2);
    for (String bad : new String[] {"PT0S", "PT0.5S", "P367D", "-PT1H", "12h"}) {
      root.put("maxSession", bad);
      KeysetFileException e = assertReason(KeysetFileException.Reason.MALFORMED, root.toString());
      assertTrue(e.getMessage().contains("maxSession"), e.getMessage());
    }
    root.put("maxSession", "PT24H");
    Files.writeString(file(), root.toString());
    assertEquals(java.time.Duration.ofHours(24), KeysetFile.at(file()).load().maxSession());
  }

  @Test
  void load_keysetWithoutActiveKey_isInvalid() throws Exception {
    ObjectNode root = plainJson(Keyset.generate(CLOCK));
    for (var k : root.withArray("keys")) {
      if (k.get("use").asText().equals("sig") && k.get("state").asText().equals("active")) {
        ((ObjectNode) k).put("state", "retired").put("retired", "2026-11-30T09:00:00Z");
      }
    }
    KeysetFileException e = assertReason(KeysetFileException.Reason.INVALID_KEYSET, root.toString());
    assertTrue(e.getMessage().contains("no ACTIVE signing key"), e.getMessage());
  }

  @Test
  void load_duplicateKids_isInvalidAndNamesTheKid() throws Exception {
    ObjectNode root = plainJson(Keyset.generate(CLOCK));
    ArrayNode keys = root.withArray("keys");
    String kid = keys.get(0).get("kid").asText();
    ((ObjectNode) keys.get(1)).put("kid", kid);
    KeysetFileException e = assertReason(KeysetFileException.Reason.INVALID_KEYSET, root.toString());
    assertTrue(e.getMessage().contains("duplicate kid") && e.getMessage().contains(kid), e.getMessage());
  }

  @Test
  void load_fileLargerThanTheLimit_isMalformedAndNamesTheLimit() throws Exception {
    KeysetFileException e =
        assertReason(KeysetFileException.Reason.MALFORMED, " ".repeat(KeysetFile.MAX_FILE_SIZE + 1));
    assertTrue(e.getMessage().contains("larger than " + KeysetFile.MAX_FILE_SIZE + " bytes"), e.getMessage());
  }

  @Test
  void load_notAKeysetFile_isMalformed() throws Exception {
    assertReason(KeysetFileException.Reason.MALFORMED, "{\"keys\":[]}");
    assertReason(KeysetFileException.Reason.MALFORMED, "not json");
    assertReason(KeysetFileException.Reason.MALFORMED, "{\"format\":\"signet-keyset\",\"version\":1,\"keys\":[{\"kid\":\"a\"}]}");
  }

  @Test
  void load_truncatedFile_isRefusedWithoutQuotingKeyMaterial() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    String full = plainJson(k).toString();
    List<String> secrets = KeyMaterial.allSpellings(k);
    for (int cut = 1; cut < full.length(); cut += 7) {
      Files.writeString(file(), full.substring(0, cut));
      KeysetFileException e = assertThrows(KeysetFileException.class, () -> KeysetFile.at(file()).load());
      assertNull(KeyMaterial.findIn(e.getMessage(), secrets), e.getMessage());
    }
  }

  @Test
  void load_keyBytesInTheWrongPlace_areNotQuotedInTheError() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    ObjectNode root = plainJson(k);
    ObjectNode first = (ObjectNode) root.withArray("keys").get(0);
    String d = first.get("d").asText();
    first.put("kid", d + "\u0001");
    first.put("state", d);
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> {
      Files.writeString(file(), root.toString());
      KeysetFile.at(file()).load();
    });
    assertFalse(e.getMessage().contains(d), e.getMessage());
  }

  @Test
  void encrypted_saveThenLoad_returnsEqualKeyset() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    KeysetFile f = KeysetFile.at(file()).withPassphrase(Passphrase.of("correct horse".toCharArray()));
    f.save(k);
    assertEquals(k, f.load());
  }

  @Test
  void encrypted_fileHoldsNoKeyBytesInClear() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    KeysetFile.at(file()).withPassphrase(Passphrase.of("correct horse".toCharArray())).save(k);
    byte[] content = Files.readAllBytes(file());
    String text = new String(content, StandardCharsets.ISO_8859_1);
    assertNull(KeyMaterial.findIn(text, KeyMaterial.allSpellings(k)));
    for (KeyEntry e : k.entries()) {
      assertFalse(KeyMaterial.containsBytes(content, e.secretBytes(SecretAccess.insecure())));
      assertFalse(text.contains(e.kid()), "key ids are encrypted too");
    }
  }

  @Test
  void encrypted_wrongPassphrase_isAClearError() throws Exception {
    KeysetFile.at(file()).withPassphrase(Passphrase.of("correct horse".toCharArray())).save(Keyset.generate(CLOCK));
    KeysetFileException e =
        assertThrows(
            KeysetFileException.class,
            () -> KeysetFile.at(file()).withPassphrase(Passphrase.of("wrong".toCharArray())).load());
    assertEquals(KeysetFileException.Reason.WRONG_PASSPHRASE, e.reason());
    assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
  }

  @Test
  void encrypted_withoutPassphrase_asksForOne() throws Exception {
    KeysetFile.at(file()).withPassphrase(Passphrase.of("correct horse".toCharArray())).save(Keyset.generate(CLOCK));
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> KeysetFile.at(file()).load());
    assertEquals(KeysetFileException.Reason.PASSPHRASE_REQUIRED, e.reason());
  }

  @Test
  void encrypted_replacedByAPlaintextFile_isRefusedAsNotEncrypted() throws Exception {
    Passphrase p = Passphrase.of("correct horse".toCharArray());
    KeysetFile encrypted = KeysetFile.at(file()).withPassphrase(p);
    encrypted.save(Keyset.generate(CLOCK));
    // Whoever can write the file, without the passphrase, puts their own keys in it.
    KeysetFile.at(file()).save(Keyset.generate(CLOCK));
    KeysetFileException e = assertThrows(KeysetFileException.class, encrypted::load);
    assertEquals(KeysetFileException.Reason.NOT_ENCRYPTED, e.reason());
    assertTrue(e.getMessage().startsWith(file() + ": keyset file is not encrypted"), e.getMessage());
  }

  @Test
  void encrypted_alteredKdfParameters_areDetected() throws Exception {
    Passphrase p = Passphrase.of("correct horse".toCharArray());
    KeysetFile.at(file()).withPassphrase(p).save(Keyset.generate(CLOCK));
    ObjectNode root = (ObjectNode) JSON.readTree(file().toFile());
    ((ObjectNode) root.get("encryption")).put("iterations", 2);
    Files.writeString(file(), root.toString());
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> KeysetFile.at(file()).withPassphrase(p).load());
    assertEquals(KeysetFileException.Reason.WRONG_PASSPHRASE, e.reason());
  }

  @Test
  void update_fromManyThreads_appliesEveryChange() throws Exception {
    KeysetFile f = KeysetFile.at(file());
    f.create(Keyset.generate(CLOCK));
    Rotation rotation =
        Rotation.with(RotationPolicy.builder().minInterval(java.time.Duration.ZERO).propagationDelay(java.time.Duration.ZERO)
            .build()).clock(CLOCK).forced();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        fs.add(pool.submit(() -> rotation.applyTo(f)));
      }
      for (Future<?> x : fs) {
        x.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long retired = f.load().entries().stream().filter(e -> e.state() == KeyState.RETIRED).count();
    assertEquals(40, retired);
  }

  @Test
  void passphraseFromFile_dropsOneTrailingNewline() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "correct horse\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Keyset k = Keyset.generate(CLOCK);
    KeysetFile.at(file()).withPassphrase(Passphrase.fromFile(pw)).save(k);
    assertEquals(k, KeysetFile.at(file()).withPassphrase(Passphrase.of("correct horse".toCharArray())).load());
    assertFalse(Passphrase.fromFile(pw).toString().contains("horse"));
  }

  @Test
  void passphraseFromUnsetEnvironmentVariable_isUnavailable() {
    KeysetFileException e =
        assertThrows(KeysetFileException.class, () -> Passphrase.fromEnvironment("SIGNET_TEST_UNSET_VARIABLE_X"));
    assertEquals(KeysetFileException.Reason.PASSPHRASE_UNAVAILABLE, e.reason());
  }

  private KeysetFileException assertReason(KeysetFileException.Reason reason, String content) {
    try {
      if (content != null) {
        Files.writeString(file(), content);
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> KeysetFile.at(file()).load());
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file().toString()), e.getMessage());
    return e;
  }

  private static ObjectNode plainJson(Keyset k) throws Exception {
    return (ObjectNode) JSON.readTree(KeysetFile.at(Path.of("x.json")).encode(k));
  }
}
