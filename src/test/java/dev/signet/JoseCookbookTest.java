package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RFC 7520 "JOSE Cookbook" example (and the RFC 7797 and RFC 8037 additions beside them)
 * classified against Signet's reader: the one algorithm Signet allows (Ed25519) verifies; every
 * other example is refused with the reason that names what it asks for.
 */
class JoseCookbookTest {
  /** What Signet does with an example's compact form: refused with this reason, or (null) allowed. */
  static final Map<String, Rejection> TOKENS = new TreeMap<>(Map.ofEntries(
      Map.entry("jws/4_1.rsa_v15_signature.json", Rejection.UNSUPPORTED), // RS256
      Map.entry("jws/4_2.rsa-pss_signature.json", Rejection.UNSUPPORTED), // PS384
      Map.entry("jws/4_3.ecdsa_signature.json", Rejection.UNSUPPORTED), // ES512
      Map.entry("jws/4_4.hmac-sha2_integrity_protection.json", Rejection.UNSUPPORTED), // HS256
      Map.entry("jws/4_5.signature_with_detached_content.json", Rejection.UNSUPPORTED), // HS256, empty payload
      Map.entry("jws/4_6.protecting_specific_header_fields.json", Rejection.MALFORMED), // JSON serialization only
      Map.entry("jws/4_7.protecting_content_only.json", Rejection.MALFORMED), // JSON serialization only
      Map.entry("jws/4_8.multiple_signatures.json", Rejection.MALFORMED), // JSON serialization only
      Map.entry("jwe/5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json", Rejection.UNSUPPORTED), // RSA1_5
      Map.entry("jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json", Rejection.UNSUPPORTED), // RSA-OAEP
      Map.entry("jwe/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json", Rejection.UNSUPPORTED), // PBES2
      Map.entry("jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json", Rejection.UNSUPPORTED), // ECDH-ES+A128KW
      Map.entry("jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json", Rejection.UNSUPPORTED), // ECDH-ES
      Map.entry("jwe/5_6.direct_encryption_using_aes-gcm.json", Rejection.UNSUPPORTED), // dir
      Map.entry("jwe/5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json", Rejection.UNSUPPORTED), // A256GCMKW
      Map.entry("jwe/5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json", Rejection.UNSUPPORTED), // A128KW
      Map.entry("jwe/5_9.compressed_content.json", Rejection.UNSUPPORTED), // A128KW, zip DEF
      Map.entry("jwe/5_10.including_additional_authentication_data.json", Rejection.MALFORMED), // JSON only
      Map.entry("jwe/5_11.protecting_specific_header_fields.json", Rejection.MALFORMED), // JSON only
      Map.entry("jwe/5_12.protecting_content_only.json", Rejection.MALFORMED), // JSON only
      Map.entry("jwe/5_13.encrypting_to_multiple_recipients.json", Rejection.MALFORMED), // JSON only
      Map.entry("6.nesting_signatures_and_encryption.json", Rejection.UNSUPPORTED), // RSA-OAEP around PS256
      // b64:false puts the raw payload (spaces, '!') into the compact form: not base64url.
      Map.entry("rfc7797/hmac-sha2_b64_false.json", Rejection.MALFORMED),
      Map.entry("rfc7797/4.2.hmac-sha2_b64_false.json", Rejection.MALFORMED), // JSON only
      Map.entry("curve25519/ecdh-es.json", Rejection.UNSUPPORTED), // ECDH-ES over X25519
      // EdDSA is Signet's algorithm: the signature verifies (see the Ed25519 tests below); the
      // example as a whole lacks the typ and kid that Signet's profile requires (RFC 8725 §3.11).
      Map.entry("curve25519/jws.json", Rejection.WRONG_TYPE)));

  /** RFC 7520 §3 keys: none is a key a Signet keyset holds (Ed25519 or AES-256 key wrap). */
  static final List<String> KEYS = List.of(
      "jwk/3_1.ec_public_key.json", "jwk/3_2.ec_private_key.json", "jwk/3_3.rsa_public_key.json",
      "jwk/3_4.rsa_private_key.json", "jwk/3_5.symmetric_key_mac_computation.json",
      "jwk/3_6.symmetric_key_encryption.json");

  static Path cookbook() {
    return Vectors.root().resolve("jose-cookbook");
  }

  static Stream<String> tokenExamples() {
    return TOKENS.keySet().stream();
  }

  @Test
  void everyCookbookFileIsClassified() throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.walk(cookbook())) {
      files = s.filter(p -> p.toString().endsWith(".json"))
          .map(p -> cookbook().relativize(p).toString().replace('\\', '/'))
          .sorted().collect(Collectors.toList());
    }
    List<String> classified = new ArrayList<>(TOKENS.keySet());
    classified.addAll(KEYS);
    assertEquals(32, files.size(), "the cookbook holds 32 files");
    assertEquals(files, classified.stream().sorted().collect(Collectors.toList()));
  }

  /** The example's compact form (or, if it has none, its JSON serialization) meets the classified reason in every profile's reader. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenExamples")
  void example_isRefusedForTheReasonItsFeaturesGive(String file) {
    JsonNode doc = Vectors.read(cookbook().resolve(file));
    JsonNode output = doc.has("encrypt") ? doc.get("encrypt").get("output") : doc.get("output");
    String token = output.has("compact") ? output.get("compact").asText() : output.get("json").toString();
    CompiledKeys keys = Vectors.keysFor(doc.path("input").get("key"));
    boolean jwe = token.chars().filter(c -> c == '.').count() == 4;
    TokenReader.Result own = Vectors.reader(jwe ? TokenProfile.SEALED : TokenProfile.SIGNED).read(token, keys);
    assertEquals(TOKENS.get(file), own.rejection, file + ": " + own.detail);
    for (TokenProfile p : TokenProfile.values()) {
      assertNotNull(Vectors.reader(p).read(token, keys).rejection, file + " accepted by the " + p + " reader");
    }
  }

  /**
   * JSON serialization (general and flattened) is never accepted: Signet reads compact tokens
   * only. The reason is MALFORMED, or UNSUPPORTED where the JSON text happens to hold as many
   * dots as the other profile's compact form (a JWE where a JWS is expected, or the reverse).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenExamples")
  void jsonSerializations_areMalformed(String file) {
    JsonNode doc = Vectors.read(cookbook().resolve(file));
    JsonNode output = doc.has("encrypt") ? doc.get("encrypt").get("output") : doc.get("output");
    CompiledKeys keys = Vectors.keysFor(null);
    for (String form : List.of("json", "json_flat")) {
      if (output.has(form)) {
        for (TokenProfile p : TokenProfile.values()) {
          Rejection r = Vectors.reader(p).read(output.get(form).toString(), keys).rejection;
          assertTrue(r == Rejection.MALFORMED || r == Rejection.UNSUPPORTED, file + " " + form + " " + p + ": " + r);
        }
      }
    }
  }

  private static JsonNode ed25519Example() {
    return Vectors.read(cookbook().resolve("curve25519/jws.json"));
  }

  private static KeyEntry ed25519Key(JsonNode doc) {
    JsonNode k = doc.get("input").get("key");
    return KeyEntry.signing("rfc8037", KeyState.ACTIVE, Vectors.T0, Vectors.T0, null,
        Vectors.b64u(k.get("x")), Vectors.b64u(k.get("d")));
  }

  /** RFC 8037 A.4: the example's signature verifies through Signet's key import and Ed25519 check. */
  @Test
  void ed25519Example_signatureVerifies() {
    JsonNode doc = ed25519Example();
    CompiledKeys keys = CompiledKeys.of(Keyset.of(List.of(ed25519Key(doc))));
    String[] parts = doc.get("output").get("compact").asText().split("\\.");
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    assertTrue(JoseCrypto.verifyEd25519(keys.verifyKeys.get("rfc8037"), Base64Url.decode(parts[2]), input));
  }

  /** RFC 8037 A.4 is reproducible: Signet's signer gives the example's signature byte for byte. */
  @Test
  void ed25519Example_signerReproducesSignature() throws Exception {
    JsonNode doc = ed25519Example();
    KeyEntry key = ed25519Key(doc);
    Ed25519JwsSigner signer = new Ed25519JwsSigner(
        key.secretBytes(dev.signet.keys.SecretAccess.insecure()), key.publicKey().orElseThrow());
    String input = doc.get("signing").get("sig-input").asText();
    assertEquals(doc.get("signing").get("sig").asText(),
        signer.sign(new JWSHeader(JWSAlgorithm.EdDSA), input.getBytes(StandardCharsets.US_ASCII)).toString());
  }

  /** Negative use of the example: any single changed character of the signature fails verification. */
  @Test
  void ed25519Example_anyChangedSignatureCharacter_fails() {
    JsonNode doc = ed25519Example();
    CompiledKeys keys = CompiledKeys.of(Keyset.of(List.of(ed25519Key(doc))));
    String[] parts = doc.get("output").get("compact").asText().split("\\.");
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < parts[2].length(); i++) {
      char c = parts[2].charAt(i);
      String changed = parts[2].substring(0, i) + alphabet.charAt((alphabet.indexOf(c) + 1) % 64) + parts[2].substring(i + 1);
      byte[] sig = Base64Url.decode(changed);
      assertFalse(sig != null && JoseCrypto.verifyEd25519(keys.verifyKeys.get("rfc8037"), sig, input), "position " + i);
    }
  }

  /** The example's key and payload, signed with Signet's header (typ, kid), pass Signet's whole reader. */
  @Test
  void ed25519Example_keyAndPayloadInSignetProfile_verifyEndToEnd() throws Exception {
    JsonNode doc = ed25519Example();
    KeyEntry key = ed25519Key(doc);
    CompiledKeys keys = CompiledKeys.of(Keyset.of(List.of(key,
        KeyEntry.generate(KeyPurpose.ENCRYPTION, KeyState.ACTIVE, Vectors.T0, new SecureRandom()))));
    JWSObject jws = new JWSObject(
        new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("rfc8037").type(new JOSEObjectType("signet+jwt")).build(),
        new Payload(doc.get("input").get("payload").asText()));
    jws.sign(keys.signer);
    TokenReader.Result r = Vectors.reader(TokenProfile.SIGNED).read(jws.serialize(), keys);
    assertNull(r.rejection, r.detail);
    assertEquals(doc.get("input").get("payload").asText(), new String(r.claims, StandardCharsets.UTF_8));
  }

  /** RFC 7520 §5.8 (A128KW, A128GCM): refused by the reader, yet Signet's unwrap and GCM decrypt it exactly. */
  @Test
  void aesKeyWrapGcmExample_primitivesDecryptIt() throws Exception {
    JsonNode doc = Vectors.read(cookbook().resolve("jwe/5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json"));
    String[] p = doc.get("output").get("compact").asText().split("\\.", -1);
    byte[] cek = JoseCrypto.unwrapKey(new SecretKeySpec(Vectors.b64u(doc.get("input").get("key").get("k")), "AES"), Base64Url.decode(p[1]));
    assertArrayEquals(Vectors.b64u(doc.get("generated").get("cek")), cek);
    byte[] ct = Base64Url.decode(p[3]);
    byte[] tag = Base64Url.decode(p[4]);
    byte[] sealed = java.util.Arrays.copyOf(ct, ct.length + tag.length);
    System.arraycopy(tag, 0, sealed, ct.length, tag.length);
    byte[] plain = JoseCrypto.openGcm(cek, Base64Url.decode(p[2]), p[0].getBytes(StandardCharsets.US_ASCII), sealed);
    assertEquals(doc.get("input").get("plaintext").asText(), new String(plain, StandardCharsets.UTF_8));
  }
}
