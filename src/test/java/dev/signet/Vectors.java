package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The external test vectors, read from the test classpath ({@code src/test/resources/vectors},
 * copied there with their licences and origin). A missing folder fails the tests that need it.
 */
final class Vectors {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  /** The folder of the vectors on the test classpath ({@code /vectors}, beside its README). */
  static Path root() {
    URL readme = Vectors.class.getResource("/vectors/README.md");
    if (readme == null) {
      throw new IllegalStateException("test vectors not on the test classpath (src/test/resources/vectors)");
    }
    try {
      return Paths.get(readme.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode wycheproof(String file) {
    return read(root().resolve("wycheproof/testvectors_v1").resolve(file));
  }

  static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  static byte[] b64u(JsonNode node) {
    return java.util.Base64.getUrlDecoder().decode(node.asText());
  }

  /** The members of a JWK or the keys of a JWKS. */
  static List<JsonNode> jwks(JsonNode privateOrKeys) {
    List<JsonNode> out = new ArrayList<>();
    if (privateOrKeys == null) {
      return out;
    }
    if (privateOrKeys.has("keys")) {
      privateOrKeys.get("keys").forEach(out::add);
    } else {
      out.add(privateOrKeys);
    }
    return out;
  }

  /**
   * Signet's keys for a vector: every AES-256 key of the vector's JWK(S) becomes an encryption
   * key labelled {@code A256KW} (or unlabelled) under its own {@code kid} (the only JWK a Signet keyset can hold besides Ed25519; keys the keyset refuses are left out), plus
   * a fresh Ed25519 signing key; the first AES-256 key is the active one.
   */
  static CompiledKeys keysFor(JsonNode jwkOrJwks) {
    SecureRandom random = new SecureRandom();
    List<KeyEntry> entries = new ArrayList<>();
    entries.add(KeyEntry.generate(dev.signet.keys.KeyPurpose.SIGNING, KeyState.ACTIVE, T0, random));
    boolean active = false;
    for (JsonNode k : jwks(jwkOrJwks)) {
      String alg = k.path("alg").asText("A256KW");
      if ("oct".equals(k.path("kty").asText()) && k.has("k") && alg.equals("A256KW")) {
        byte[] key = b64u(k.get("k"));
        String kid = k.path("kid").asText("vector-" + entries.size());
        if (key.length == 32 && entries.stream().noneMatch(e -> e.kid().equals(kid))) {
          try {
            entries.add(KeyEntry.encryption(kid, active ? KeyState.RETIRED : KeyState.ACTIVE, T0, T0, active ? T0 : null, key));
            active = true;
          } catch (IllegalArgumentException refused) {
            // A key a Signet keyset refuses (all zeros, bad kid) is simply not there.
          }
        }
      }
    }
    if (!active) {
      entries.add(KeyEntry.generate(dev.signet.keys.KeyPurpose.ENCRYPTION, KeyState.ACTIVE, T0, random));
    }
    return CompiledKeys.of(Keyset.of(entries));
  }

  /** A reader for one profile with Signet's defaults (type {@code signet+jwt}, {@code EdDSA}, 64 KiB). */
  static TokenReader reader(TokenProfile profile) {
    return new TokenReader(profile, "signet+jwt", "EdDSA", 65536);
  }

  /** The token text of a vector: a compact string, or the JSON serialization as text. */
  static String tokenText(JsonNode token) {
    return token.isTextual() ? token.textValue() : token.toString();
  }
}
