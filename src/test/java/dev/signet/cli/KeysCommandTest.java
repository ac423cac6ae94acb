package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.keys.KeyMaterialAccess;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.LogCapture;
import dev.signet.keys.Passphrase;
import dev.signet.keys.Rotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path keyset() {
    return dir.resolve("keyset.json");
  }

  private Keyset init() throws Exception {
    CliRun r = CliRun.run("keys", "init", "--keyset", keyset().toString());
    assertEquals(0, r.code, r::toString);
    return KeysetFile.at(keyset()).load();
  }

  @Test
  void init_createsAnOwnerOnlyKeysetFile() throws Exception {
    Keyset k = init();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset())));
    assertEquals(4, k.entries().size());
    assertTrue(k.canSign());
  }

  @Test
  void init_signedProfile_makesOnlySigningKeys() throws Exception {
    CliRun r = CliRun.run("keys", "init", "--keyset", keyset().toString(), "--profile", "signed");
    assertEquals(0, r.code, r::toString);
    assertTrue(KeysetFile.at(keyset()).load().entries().stream().allMatch(e -> e.kid().startsWith("sig-")));
  }

  @Test
  void init_existingFile_isNeverOverwritten() throws Exception {
    init();
    byte[] before = Files.readAllBytes(keyset());
    CliRun r = CliRun.run("keys", "init", "--keyset", keyset().toString());
    assertEquals(3, r.code);
    assertTrue(r.oneErrorLine().contains("already exists"), r.err);
    assertArrayEquals(before, Files.readAllBytes(keyset()));
  }

  @Test
  void list_showsIdsPurposesStatesAndTimes_neverKeyMaterial() throws Exception {
    Keyset k = init();
    CliRun r = CliRun.run("keys", "list", "--keyset", keyset().toString());
    assertEquals(0, r.code, r::toString);
    assertNull(KeyMaterialAccess.findSecret(r.out + r.err, k));
    for (var e : k.entries()) {
      assertTrue(r.out.contains(e.kid()), r.out);
    }
    assertEquals(1 + k.entries().size(), r.out.strip().split("\n").length);
  }

  @Test
  void listJson_hasOnlyIdsPurposesStatesAndTimes() throws Exception {
    Keyset k = init();
    CliRun r = CliRun.run("keys", "list", "--keyset", keyset().toString(), "--json");
    assertEquals(0, r.code, r::toString);
    assertNull(KeyMaterialAccess.findSecret(r.out + r.err, k));
    ArrayNode arr = (ArrayNode) JSON.readTree(r.out);
    assertEquals(k.entries().size(), arr.size());
    for (JsonNode o : arr) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      assertEquals(List.of("kid", "purpose", "state", "created", "activated", "retired"), names);
    }
  }

  @Test
  void encryptedKeyset_withPassphraseFile_initsAndLists() throws Exception {
    Path pw = passphraseFile("correct horse\n");
    CliRun r = CliRun.run("keys", "init", "--keyset", keyset().toString(), "--passphrase-file", pw.toString());
    assertEquals(0, r.code, r::toString);
    Keyset k = KeysetFile.at(keyset()).withPassphrase(Passphrase.of("correct horse".toCharArray())).load();
    assertNull(KeyMaterialAccess.findSecret(Files.readString(keyset()), k));
    CliRun list = CliRun.run("keys", "list", "--keyset", keyset().toString(), "--passphrase-file", pw.toString());
    assertEquals(0, list.code, list::toString);
    assertTrue(list.out.contains(k.entries().get(0).kid()));
  }

  @Test
  void passphraseFile_readableByOthers_isExitThreeWithOneLineUnlessAllowed() throws Exception {
    Path pw = passphraseFile("correct horse\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun r = CliRun.run("keys", "init", "--keyset", keyset().toString(), "--passphrase-file", pw.toString());
    assertEquals(3, r.code, r::toString);
    String line = r.oneErrorLine();
    assertTrue(line.contains(pw.toString()) && line.contains("passphrase file is accessible to group or others"), line);
    assertFalse(Files.exists(keyset()));
    CliRun allowed = CliRun.run("keys", "init", "--keyset", keyset().toString(), "--passphrase-file", pw.toString(),
        "--allow-insecure-permissions");
    assertEquals(0, allowed.code, allowed::toString);
  }

  @Test
  void passphraseFile_fifo_isExitThreeWithOneLineWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("pw.fifo");
    Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
    assertTrue(mk.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
    CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
        () -> CliRun.run("keys", "init", "--keyset", keyset().toString(), "--passphrase-file", fifo.toString()));
    assertEquals(3, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("not a regular file"), r.err);
  }

  @Test
  void passphraseOnTheCommandLine_isRefusedWithoutEchoingIt() throws Exception {
    init();
    CliRun r = CliRun.run("keys", "list", "--keyset", keyset().toString(), "--passphrase", "hunter2-secret");
    assertEquals(2, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("--passphrase-env"), r.err);
    assertFalse(r.err.contains("hunter2"), r.err);
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing", "empty", "version", "passphrase", "notEncrypted", "noActive", "duplicateKids"})
  void badKeysetFile_isExitThreeWithOneLineNamingTheProblem(String problem) throws Exception {
    String expected;
    List<String> extra = new ArrayList<>();
    Keyset k = Keyset.generate();
    ObjectNode root = (ObjectNode) JSON.readTree(jsonOf(k));
    switch (problem) {
      case "missing":
        expected = "does not exist";
        break;
      case "empty":
        write("");
        expected = "is empty";
        break;
      case "version":
        root.put("version", 7);
        write(root.toString());
        expected = "format version 7 is not supported";
        break;
      case "passphrase":
        KeysetFile.at(keyset()).withPassphrase(Passphrase.of("right".toCharArray())).save(k);
        extra = List.of("--passphrase-file", passphraseFile("wrong").toString());
        expected = "wrong passphrase";
        break;
      case "notEncrypted":
        write(root.toString());
        extra = List.of("--passphrase-file", passphraseFile("right").toString());
        expected = "not encrypted";
        break;
      case "noActive":
        for (JsonNode key : root.withArray("keys")) {
          if (key.get("state").asText().equals("active")) {
            ((ObjectNode) key).put("state", "next");
          }
        }
        write(root.toString());
        expected = "no ACTIVE";
        break;
      default:
        ArrayNode keys = root.withArray("keys");
        ((ObjectNode) keys.get(1)).put("kid", keys.get(0).get("kid").asText());
        write(root.toString());
        expected = "duplicate kid";
    }
    for (String cmd : List.of("list", "rotate", "export")) {
      List<String> args = new ArrayList<>(List.of("keys", cmd, "--keyset", keyset().toString()));
      args.addAll(extra);
      if (cmd.equals("export")) {
        args.addAll(List.of("--jwks", dir.resolve("jwks.json").toString()));
      }
      CliRun r = CliRun.run(args.toArray(new String[0]));
      assertEquals(3, r.code, r::toString);
      String line = r.oneErrorLine();
      assertTrue(line.contains(expected) && line.contains(keyset().toString()), line);
      assertNull(KeyMaterialAccess.findSecret(r.out + r.err, k));
    }
  }

  @Test
  void rotate_isNotDueRightAfterInit_andForceRotates() throws Exception {
    Keyset k = init();
    byte[] before = Files.readAllBytes(keyset());
    CliRun r = CliRun.run("keys", "rotate", "--keyset", keyset().toString());
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.startsWith("not due"), r.out);
    assertArrayEquals(before, Files.readAllBytes(keyset()));

    try (LogCapture log = new LogCapture(Rotation.class)) {
      CliRun forced = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--force");
      assertEquals(0, forced.code, forced::toString);
      assertTrue(forced.out.startsWith("rotated"), forced.out);
      Keyset after = KeysetFile.at(keyset()).load();
      assertEquals(2, after.entries().stream().filter(e -> e.state() == KeyState.RETIRED).count());
      assertNull(KeyMaterialAccess.findSecret(forced.out + String.join("\n", log.all()), after));
      assertNull(KeyMaterialAccess.findSecret(forced.out, k));
    }
  }

  @Test
  void init_maxSession_isRecordedAndIssueRefusesALongerMaxAge() throws Exception {
    CliRun r = CliRun.run("keys", "init", "--keyset", keyset().toString(), "--max-session", "48h");
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.contains("sessions of up to 48h"), r.out);
    assertEquals(java.time.Duration.ofHours(48), KeysetFile.at(keyset()).load().maxSession());
    assertEquals(0, CliRun.run("issue", "--keyset", keyset().toString(), "--sub", "alice", "--max-age", "48h").code);
    CliRun longer = CliRun.run("issue", "--keyset", keyset().toString(), "--sub", "alice", "--max-age", "49h");
    assertEquals(3, longer.code, longer::toString);
    assertTrue(longer.oneErrorLine().contains("signet keys set --max-session"), longer.err);
  }

  @Test
  void init_maxSessionOutOfRange_isAUsageError() {
    CliRun r = CliRun.run("keys", "init", "--keyset", keyset().toString(), "--max-session", "400d");
    assertEquals(2, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("--max-session"), r.err);
    assertFalse(Files.exists(keyset()));
  }

  @Test
  void set_maxSession_raisesWhatIssuersMayUse() throws Exception {
    init();
    assertEquals(3, CliRun.run("issue", "--keyset", keyset().toString(), "--sub", "alice", "--max-age", "24h").code);
    CliRun set = CliRun.run("keys", "set", "--keyset", keyset().toString(), "--max-session", "24h");
    assertEquals(0, set.code, set::toString);
    assertTrue(set.out.startsWith("max session raised from 12h to 24h"), set.out);
    assertEquals(java.time.Duration.ofHours(24), KeysetFile.at(keyset()).load().maxSession());
    assertEquals(0, CliRun.run("issue", "--keyset", keyset().toString(), "--sub", "alice", "--max-age", "24h").code);
    CliRun lower = CliRun.run("keys", "set", "--keyset", keyset().toString(), "--max-session", "8h");
    assertEquals(0, lower.code, lower::toString);
    assertTrue(lower.out.contains("every issuer's absolute timeout must already be at most 8h"), lower.out);
  }

  @Test
  void rotate_absoluteTimeoutOption_isRefusedPointingToTheKeysetSetting() throws Exception {
    init();
    byte[] before = Files.readAllBytes(keyset());
    CliRun r = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--absolute-timeout", "24h", "--force");
    assertEquals(2, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("keys set --keyset FILE --max-session"), r.err);
    assertArrayEquals(before, Files.readAllBytes(keyset()));
  }

  @Test
  void rotate_clockEarlierThanTheKeyset_isExitThreeNamingTheDifferenceUnlessOverridden() throws Exception {
    java.time.Instant ahead = java.time.Instant.now().plus(java.time.Duration.ofHours(2));
    KeysetFile.at(keyset()).create(Keyset.generate(java.time.Clock.fixed(ahead, java.time.ZoneOffset.UTC)));
    byte[] before = Files.readAllBytes(keyset());
    CliRun r = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--force");
    assertEquals(3, r.code, r::toString);
    String line = r.oneErrorLine();
    assertTrue(line.matches(".*is 1h59m[0-9]+s earlier than the newest time the keyset records.*"), line);
    assertTrue(line.contains("--allow-clock-behind-keyset"), line);
    assertArrayEquals(before, Files.readAllBytes(keyset()));
    CliRun allowed = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--force", "--allow-clock-behind-keyset");
    assertEquals(0, allowed.code, allowed::toString);
    assertTrue(allowed.out.startsWith("rotated"), allowed.out);
  }

  @Test
  void rotate_exportsEveryNamedFileOnEveryRun_evenWhenNotDue() throws Exception {
    Keyset k = init();
    Path v1 = dir.resolve("gw1/verifier.json");
    Path v2 = dir.resolve("gw2/verifier.json");
    Path jwks = dir.resolve("jwks.json");
    Files.createDirectories(v1.getParent());
    Files.createDirectories(v2.getParent());
    CliRun r = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--export-verifier", v1.toString(),
        "--export-verifier", v2.toString(), "--export-jwks", jwks.toString());
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.startsWith("not due") && r.out.contains("exported to " + v1), r.out);
    assertEquals(k.verifierOnly(), KeysetFile.at(v1).load());
    assertEquals(k.verifierOnly(), KeysetFile.at(v2).load());
    CliRun forced = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--force", "--export-verifier",
        v1.toString(), "--export-jwks", jwks.toString());
    assertEquals(0, forced.code, forced::toString);
    Keyset after = KeysetFile.at(keyset()).load();
    assertEquals(after.verifierOnly(), KeysetFile.at(v1).load());
    assertEquals(3, JSON.readTree(jwks.toFile()).get("keys").size());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(v1)));
  }

  @Test
  void rotate_exportOntoTheKeysetItself_isRefused() throws Exception {
    init();
    CliRun r = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--export-verifier", keyset().toString());
    assertEquals(2, r.code, r::toString);
    assertTrue(r.oneErrorLine().contains("keyset file itself"), r.err);
  }

  @Test
  void rotate_removeRetired_dropsEveryRetiredKey() throws Exception {
    init();
    assertEquals(0, CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--force").code);
    CliRun r = CliRun.run("keys", "rotate", "--keyset", keyset().toString(), "--force", "--remove-retired");
    assertEquals(0, r.code, r::toString);
    Keyset after = KeysetFile.at(keyset()).load();
    assertTrue(after.entries().stream().noneMatch(e -> e.state() == KeyState.RETIRED), after::toString);
  }

  @Test
  void export_writesAVerifierKeysetAndAPublicJwks() throws Exception {
    Keyset k = init();
    Path v = dir.resolve("verifier.json");
    Path j = dir.resolve("jwks.json");
    assertEquals(0, CliRun.run("keys", "export", "--keyset", keyset().toString(), "--verifier", v.toString()).code);
    assertEquals(0, CliRun.run("keys", "export", "--keyset", keyset().toString(), "--jwks", j.toString()).code);
    Keyset gateway = KeysetFile.at(v).load();
    assertEquals(k.verifierOnly(), gateway);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(v)));
    JsonNode jwks = JSON.readTree(j.toFile());
    assertEquals(2, jwks.get("keys").size());
    assertFalse(Files.readString(j).contains("\"d\""));
  }

  @Test
  void export_ontoTheKeysetItself_isRefused() throws Exception {
    init();
    byte[] before = Files.readAllBytes(keyset());
    CliRun r = CliRun.run("keys", "export", "--keyset", keyset().toString(), "--verifier", keyset().toString());
    assertEquals(2, r.code, r::toString);
    assertArrayEquals(before, Files.readAllBytes(keyset()));
  }

  @Test
  void export_needsExactlyOneTarget() throws Exception {
    init();
    CliRun r = CliRun.run("keys", "export", "--keyset", keyset().toString());
    assertEquals(2, r.code, r::toString);
    r.oneErrorLine();
  }

  private Path passphraseFile(String passphrase) throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, passphrase);
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    return pw;
  }

  private void write(String s) throws Exception {
    Files.writeString(keyset(), s);
    Files.setPosixFilePermissions(keyset(), Set.copyOf(PosixFilePermissions.fromString("rw-------")));
  }

  private String jsonOf(Keyset k) throws Exception {
    Path tmp = dir.resolve("source.json");
    KeysetFile.at(tmp).save(k);
    return Files.readString(tmp);
  }
}
