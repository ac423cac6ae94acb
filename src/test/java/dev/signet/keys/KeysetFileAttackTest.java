package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack classes 22 (weak or malformed keys) and 23 (mixed or ambiguous keysets) at the keyset
 * file: a file whose keys are weak, non-canonical, mislabelled or ambiguous is refused as a
 * whole, with an error that quotes no key bytes.
 */
@Tag("attack")
class KeysetFileAttackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static ObjectNode template;

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeAValidFile() throws Exception {
    Path p = dir.resolve("template.json");
    KeysetFile.at(p).create(Keyset.generate());
    template = (ObjectNode) JSON.readTree(Files.readAllBytes(p));
  }

  /** The first key of the template with {@code use} = {@code use}. */
  private static ObjectNode key(ObjectNode file, String use) {
    for (var k : (ArrayNode) file.get("keys")) {
      if (use.equals(k.get("use").textValue())) {
        return (ObjectNode) k;
      }
    }
    throw new AssertionError("no " + use + " key");
  }

  private static KeysetFileException loadChanged(String name, Consumer<ObjectNode> change) throws IOException {
    ObjectNode file = template.deepCopy();
    change.accept(file);
    Path p = dir.resolve(name + ".json");
    Files.deleteIfExists(p);
    Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    String text = file.toString();
    Files.writeString(p, text, StandardCharsets.UTF_8);
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> KeysetFile.at(p).load());
    assertTrue(EnumSet.of(KeysetFileException.Reason.MALFORMED, KeysetFileException.Reason.INVALID_KEYSET)
        .contains(e.reason()), e.reason()::toString);
    for (var k : (ArrayNode) file.get("keys")) {
      for (String m : new String[] {"k", "d"}) {
        if (k.has(m) && k.get(m).isTextual() && k.get(m).textValue().length() >= 16) {
          assertFalse(e.getMessage().contains(k.get(m).textValue()), "error quotes key bytes");
        }
      }
    }
    return e;
  }

  @Test
  void template_loads() throws Exception {
    Path p = dir.resolve("template.json");
    assertTrue(KeysetFile.at(p).load().entries().size() >= 2);
  }

  @Tag("attack-22")
  @Test
  void aesKeyOf128Bits_isRefused() throws IOException {
    loadChanged("short-k", f -> key(f, "enc").put("k", B64.encodeToString(new byte[16])));
  }

  @Tag("attack-22")
  @Test
  void emptyAesKey_isRefused() throws IOException {
    loadChanged("empty-k", f -> key(f, "enc").put("k", ""));
  }

  @Tag("attack-22")
  @Test
  void nonCanonicalAesKey_isRefused() throws IOException {
    loadChanged("padded-k", f -> key(f, "enc").put("k", key(f, "enc").get("k").textValue() + "="));
    loadChanged("bits-k", f -> {
      String k = key(f, "enc").get("k").textValue(); // 43 chars: the last one has 2 unused bits
      char last = k.charAt(k.length() - 1);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      key(f, "enc").put("k", k.substring(0, k.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1));
    });
  }

  @Tag("attack-22")
  @Test
  void ed25519PublicKeyOfTheWrongLength_isRefused() throws IOException {
    loadChanged("short-x", f -> key(f, "sig").put("x", B64.encodeToString(new byte[31])));
  }

  @Tag("attack-22")
  @Test
  void ed25519IdentityPublicKey_isRefused() throws IOException {
    byte[] identity = new byte[32];
    identity[0] = 1;
    loadChanged("identity-x", f -> {
      key(f, "sig").put("x", B64.encodeToString(identity));
      key(f, "sig").remove("d");
    });
  }

  @Tag("attack-22")
  @Test
  void privateKeyNotMatchingThePublicKey_isRefused() throws IOException {
    loadChanged("mismatched-d", f -> key(f, "sig").put("d", B64.encodeToString(new byte[32])));
  }

  @Tag("attack-22")
  @Test
  void useMismatchedWithTheKeyType_isRefused() throws IOException {
    loadChanged("oct-sig", f -> key(f, "enc").put("use", "sig"));
    loadChanged("okp-enc", f -> key(f, "sig").put("use", "enc"));
  }

  @Tag("attack-22")
  @Test
  void keyOpsMember_isRefused() throws IOException {
    loadChanged("key-ops", f -> key(f, "enc").putArray("key_ops").add("sign"));
  }

  @Tag("attack-23")
  @Test
  void keyWhoseAlgConflictsWithItsType_isRefused() throws IOException {
    loadChanged("hs256", f -> key(f, "enc").put("alg", "HS256"));
    loadChanged("es256", f -> key(f, "sig").put("alg", "ES256"));
    loadChanged("x25519", f -> key(f, "sig").put("crv", "X25519"));
  }

  @Tag("attack-23")
  @Test
  void duplicateKidAcrossPurposes_isRefused() throws IOException {
    loadChanged("dup-kid", f -> key(f, "enc").put("kid", key(f, "sig").get("kid").textValue()));
  }

  @Tag("attack-23")
  @Test
  void symmetricKeyPosingAsASigningKey_isRefused() throws IOException {
    loadChanged("oct-as-sig", f -> {
      ObjectNode sig = key(f, "sig");
      sig.put("kty", "oct");
      sig.remove("crv");
      sig.put("k", B64.encodeToString(new byte[32]));
    });
  }
}
