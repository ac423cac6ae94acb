package dev.signet.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.internal.AtomicFiles;
import dev.signet.internal.Base64Url;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The public JSON Web Key Set (RFC 7517 §5) of a keyset's signing keys, for the {@code SIGNED}
 * profile and for third parties that verify tokens with their own JOSE library.
 *
 * <p>Every signing key is listed whatever its state, so a consumer learns a {@code NEXT} key
 * before it mints and keeps a {@code RETIRED} key while its tokens may still be valid. Each key
 * is {@code {"kty":"OKP","crv":"Ed25519","x":...,"kid":...,"use":"sig","alg":"EdDSA"}}.
 *
 * <p><b>Security:</b> only public keys: no {@code d}, and no encryption keys.
 */
public final class Jwks {
  private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Jwks() {}

  /** The JWKS of the public signing keys of {@code keyset}, as JSON, with {@code "alg":"EdDSA"}. */
  public static String publicSigningKeys(Keyset keyset) {
    return publicSigningKeys(keyset, SignatureAlgorithm.EDDSA);
  }

  /**
   * The JWKS of the public signing keys of {@code keyset}, as JSON, with the {@code alg} name
   * the issuers are configured with (a consumer that checks a key's {@code alg} against the
   * token header needs them to agree).
   */
  public static String publicSigningKeys(Keyset keyset, SignatureAlgorithm algorithm) {
    Objects.requireNonNull(keyset, "keyset");
    Objects.requireNonNull(algorithm, "algorithm");
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode keys = root.putArray("keys");
    for (KeyEntry e : keyset.entries()) {
      if (e.purpose() != KeyPurpose.SIGNING) {
        continue;
      }
      ObjectNode k = keys.addObject();
      k.put("kty", "OKP");
      k.put("crv", "Ed25519");
      k.put("x", Base64Url.encode(e.publicKey().orElseThrow()));
      k.put("kid", e.kid());
      k.put("use", "sig");
      k.put("alg", algorithm.headerValue());
    }
    try {
      return WRITER.writeValueAsString(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialize JWKS", ex);
    }
  }

  /**
   * Writes the JWKS of {@code keyset} to {@code out} atomically, readable by everyone (0644):
   * it holds public keys only.
   */
  public static void write(Keyset keyset, Path out) throws IOException {
    Objects.requireNonNull(out, "out");
    AtomicFiles.write(out, publicSigningKeys(keyset).getBytes(StandardCharsets.UTF_8), AtomicFiles.WORLD_READABLE);
  }
}
