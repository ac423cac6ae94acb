package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keys of the RFC 7520 cookbook and of Wycheproof's JOSE files, each put in a keyset file
 * (with Signet's {@code state} and {@code created} beside the JWK members), through
 * {@link KeysetFile}'s loader. A Signet keyset holds Ed25519 signing keys and AES-256 key-wrap
 * keys only; every other key, and a key whose {@code alg} label names another algorithm, is
 * refused.
 */
class KeysetFileVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeysetFile FILE = KeysetFile.at(Paths.get("vectors-keyset.json"));

  /** The vectors on the test classpath ({@code src/test/resources/vectors}, with their licences and origin). */
  private static Path vectors() {
    URL readme = KeysetFileVectorsTest.class.getResource("/vectors/README.md");
    assertNotNull(readme, "test vectors not on the test classpath (src/test/resources/vectors)");
    try {
      return Paths.get(readme.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A one-key keyset file around a JWK. */
  static byte[] keysetFileOf(JsonNode jwk) {
    ObjectNode k = jwk.deepCopy();
    k.put("state", "active");
    k.put("created", "2026-01-01T00:00:00Z");
    k.put("activated", "2026-01-01T00:00:00Z");
    ObjectNode root = JSON.createObjectNode();
    root.put("format", KeysetFile.FORMAT);
    root.put("version", KeysetFile.VERSION);
    ArrayNode keys = root.putArray("keys");
    keys.add(k);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jwk/3_1.ec_public_key.json", "jwk/3_2.ec_private_key.json", "jwk/3_3.rsa_public_key.json",
      "jwk/3_4.rsa_private_key.json", "jwk/3_5.symmetric_key_mac_computation.json",
      // 256-bit oct key with use enc, but labelled alg A256GCM: refused for its label
      "jwk/3_6.symmetric_key_encryption.json"})
  void cookbookSection3Key_isRefused(String file) throws IOException {
    JsonNode jwk = JSON.readTree(vectors().resolve("jose-cookbook").resolve(file).toFile());
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> FILE.parse(keysetFileOf(jwk)));
    assertEquals(KeysetFileException.Reason.MALFORMED, e.reason(), e.getMessage());
  }

  @Test
  void rfc8037Ed25519Key_loads() throws Exception {
    JsonNode doc = JSON.readTree(vectors().resolve("jose-cookbook/curve25519/jws.json").toFile());
    ObjectNode jwk = (ObjectNode) doc.get("input").get("key").deepCopy();
    jwk.put("kid", "rfc8037");
    Keyset k = FILE.parse(keysetFileOf(jwk));
    assertEquals(KeyPurpose.SIGNING, k.find("rfc8037").orElseThrow().purpose());
    assertTrue(k.canSign());
  }

  @Test
  void rfc8037X25519Key_isRefused() throws Exception {
    JsonNode doc = JSON.readTree(vectors().resolve("jose-cookbook/curve25519/ecdh-es.json").toFile());
    assertThrows(KeysetFileException.class, () -> FILE.parse(keysetFileOf(doc.get("input").get("key"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "A128KW", "A256GCMKW", "dir", "A256GCM"})
  void encryptionKeyLabelledForAnotherAlgorithm_isRefused(String alg) {
    ObjectNode jwk = JSON.createObjectNode();
    jwk.put("kid", "k1").put("kty", "oct").put("use", "enc").put("alg", alg)
        .put("k", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
            12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}));
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> FILE.parse(keysetFileOf(jwk)));
    assertEquals(KeysetFileException.Reason.MALFORMED, e.reason());
  }

  record VectorKey(String where, JsonNode jwk) {
    @Override
    public String toString() {
      return where;
    }
  }

  static Stream<VectorKey> wycheproofKeys() throws IOException {
    List<VectorKey> out = new ArrayList<>();
    for (String f : List.of("json_web_signature", "json_web_encryption", "json_web_key", "json_web_crypto")) {
      JsonNode doc = JSON.readTree(vectors().resolve("wycheproof/testvectors_v1/" + f + "_test.json").toFile());
      int g = 0;
      for (JsonNode group : doc.get("testGroups")) {
        for (String member : List.of("private", "public")) {
          JsonNode n = group.get(member);
          if (n == null) {
            continue;
          }
          List<JsonNode> keys = new ArrayList<>();
          if (n.has("keys")) {
            n.get("keys").forEach(keys::add);
          } else {
            keys.add(n);
          }
          for (int i = 0; i < keys.size(); i++) {
            out.add(new VectorKey(f + " group " + g + " " + member + " key " + i, keys.get(i)));
          }
        }
        g++;
      }
    }
    return out.stream();
  }

  /**
   * Every Wycheproof JOSE key either is refused, or is one a Signet keyset should hold: an
   * AES-256 key for A256KW (labelled so, or unlabelled) with {@code use: enc}, or an Ed25519 key.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproofKeys")
  void wycheproofKey_loadsOnlyIfSignetCanUseIt(VectorKey v) {
    Keyset loaded;
    try {
      loaded = FILE.parse(keysetFileOf(v.jwk));
    } catch (KeysetFileException refused) {
      return;
    }
    JsonNode k = v.jwk;
    String alg = k.path("alg").asText("A256KW");
    boolean aesKeyWrap = k.path("kty").asText().equals("oct") && k.path("use").asText().equals("enc")
        && alg.equals("A256KW") && Base64.getUrlDecoder().decode(k.get("k").asText()).length == 32;
    boolean ed25519 = k.path("kty").asText().equals("OKP") && k.path("crv").asText().equals("Ed25519");
    assertTrue(aesKeyWrap || ed25519, v + " loaded as " + loaded);
  }
}
