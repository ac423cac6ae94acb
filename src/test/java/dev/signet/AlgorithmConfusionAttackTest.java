package dev.signet;

import dev.signet.keys.SignatureAlgorithm;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack classes 2 (key-type confusion: the public key used as an HMAC secret) and 3 (the token
 * choosing its own algorithm or encryption method). Signet pins {@code alg}, {@code enc} and the
 * JWS algorithm name by configuration; anything else is refused before any key is used.
 */
@Tag("attack")
class AlgorithmConfusionAttackTest {
  private final Forge forge = Forge.forge();

  private static byte[] hmac(String alg, byte[] secret, String input) throws Exception {
    String jca = alg.equals("HS256") ? "HmacSHA256" : alg.equals("HS384") ? "HmacSHA384" : "HmacSHA512";
    Mac mac = Mac.getInstance(jca);
    mac.init(new SecretKeySpec(secret, jca));
    return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
  }

  /** Our Ed25519 public key in every encoding an attacker might try as an HMAC secret. */
  private byte[] publicKeyAs(String encoding) {
    String x = Forge.b64(forge.publicKey);
    switch (encoding) {
      case "raw":
        return forge.publicKey;
      case "x":
        return x.getBytes(StandardCharsets.US_ASCII);
      case "jwk":
        return ("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}").getBytes(StandardCharsets.UTF_8);
      case "pem":
      default:
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        byte[] der = new byte[44];
        System.arraycopy(prefix, 0, der, 0, 12);
        System.arraycopy(forge.publicKey, 0, der, 12, 32);
        return ("-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(der)
            + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }
  }

  private String hmacToken(String alg, String encoding) throws Exception {
    ObjectNode h = forge.jwsHeader();
    h.put("alg", alg);
    String input = Forge.b64(h.toString()) + "." + Forge.b64(Forge.claims().toString());
    return input + "." + Forge.b64(hmac(alg, publicKeyAs(encoding), input));
  }

  @Tag("attack-02")
  @ParameterizedTest
  @ValueSource(strings = {"raw", "x", "jwk", "pem"})
  void signedProfile_hs256WithThePublicKeyAsSecret_isUnsupported(String encoding) throws Exception {
    assertEquals(Rejection.UNSUPPORTED,
        Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(hmacToken("HS256", encoding))));
  }

  @Tag("attack-02")
  @ParameterizedTest
  @ValueSource(strings = {"raw", "x", "jwk", "pem"})
  void signedProfile_hs512WithThePublicKeyAsSecret_isUnsupported(String encoding) throws Exception {
    assertEquals(Rejection.UNSUPPORTED,
        Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(hmacToken("HS512", encoding))));
  }

  @Tag("attack-02")
  @ParameterizedTest
  @ValueSource(strings = {"raw", "x", "jwk", "pem"})
  void signedAndSealed_innerHs256WithThePublicKeyAsSecret_isUnsupported(String encoding) throws Exception {
    Verification v = Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(forge.sealed(hmacToken("HS256", encoding)));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(v));
  }

  @Tag("attack-02")
  @Test
  void verifierPinnedToEd25519Name_refusesTheEdDsaName() {
    // Both names denote Ed25519 and the signature is valid: only the configured name passes.
    TokenVerifier v = Forge.verifierBuilder(TokenProfile.SIGNED).signatureAlgorithm(SignatureAlgorithm.ED25519).build();
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(v.verify(forge.valid(TokenProfile.SIGNED))));
  }

  @Tag("attack-02")
  @Test
  void verifierPinnedToEdDsaName_refusesTheEd25519Name() {
    String token = forge.withOuterHeader(TokenProfile.SIGNED, h -> h.put("alg", "Ed25519"));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(token)));
  }

  @Tag("attack-03")
  @ParameterizedTest
  @ValueSource(strings = {"dir", "A128KW", "A192KW", "A128GCMKW", "A192GCMKW", "A256GCMKW", "RSA1_5", "RSA-OAEP",
      "RSA-OAEP-256", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A256KW", "PBES2-HS256+A128KW", "PBES2-HS512+A256KW",
      "a256kw", "A256KW ", "none", ""})
  void encryptedProfiles_jweAlgOtherThanA256kw_isUnsupported(String alg) {
    for (TokenProfile p : new TokenProfile[] {TokenProfile.SIGNED_AND_SEALED, TokenProfile.SEALED}) {
      String token = forge.withOuterHeader(p, h -> h.put("alg", alg));
      assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(p).verify(token)), p + " " + alg);
    }
  }

  @Tag("attack-03")
  @ParameterizedTest
  @ValueSource(strings = {"A128GCM", "A192GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "a256gcm", "none"})
  void encryptedProfiles_encOtherThanA256gcm_isUnsupported(String enc) {
    for (TokenProfile p : new TokenProfile[] {TokenProfile.SIGNED_AND_SEALED, TokenProfile.SEALED}) {
      String token = forge.withOuterHeader(p, h -> h.put("enc", enc));
      assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(p).verify(token)), p + " " + enc);
    }
  }

  @Tag("attack-03")
  @Test
  void encryptedProfiles_missingEnc_isMalformed() {
    String token = forge.withOuterHeader(TokenProfile.SEALED, h -> h.remove("enc"));
    assertEquals(Rejection.MALFORMED, Forge.rejection(Forge.verifier(TokenProfile.SEALED).verify(token)));
  }

  @Tag("attack-03")
  @ParameterizedTest
  @ValueSource(strings = {"Ed25519", "ES256", "ES256K", "RS256", "PS256", "HS256", "EdDSA ", "eddsa", "Ed448"})
  void signedProfiles_jwsAlgOtherThanTheConfiguredOne_isUnsupported(String alg) {
    String signed = forge.withOuterHeader(TokenProfile.SIGNED, h -> h.put("alg", alg));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(signed)));
    String nested = forge.withInnerHeader(h -> h.put("alg", alg));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(nested)));
  }
}
