package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.SecretAccess;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.AesKey;
import org.junit.jupiter.api.Test;

/**
 * Signet tokens are standard JOSE: jose4j, an independent implementation given the same keys,
 * reads and verifies Signet's tokens, and Signet accepts tokens jose4j builds.
 */
class JoseInteropTest {
  record Profile(String displayName, int level) {}

  private static final KeyEntry SIG = Forge.KEYS.active(KeyPurpose.SIGNING).orElseThrow();
  private static final KeyEntry ENC = Forge.KEYS.active(KeyPurpose.ENCRYPTION).orElseThrow();

  private static PublicKey publicKey() throws Exception {
    byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(prefix, SIG.publicKey().orElseThrow())));
  }

  private static PrivateKey privateKey() throws Exception {
    byte[] prefix = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
    return KeyFactory.getInstance("Ed25519")
        .generatePrivate(new PKCS8EncodedKeySpec(concat(prefix, SIG.secretBytes(SecretAccess.insecure()))));
  }

  private static AesKey aesKey() {
    return new AesKey(ENC.secretBytes(SecretAccess.insecure()));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static JwtConsumerBuilder jose4jConsumer() throws Exception {
    return new JwtConsumerBuilder()
        .setEvaluationTime(NumericDate.fromSeconds(Forge.NOW_S))
        .setExpectedIssuer(Forge.ISS)
        .setExpectedAudience(Forge.AUD)
        .setRequireExpirationTime()
        .setRequireSubject()
        .setRequireJwtId()
        .setVerificationKey(publicKey());
  }

  private static IssuedToken signetToken(TokenProfile profile) {
    return Forge.issuer(profile).start(
        NewSession.forSubject("alice").withRoles("user").withAttributes(new Profile("Alice", 3)));
  }

  @SuppressWarnings("unchecked")
  private static void assertSameSession(Session s, JwtClaims c) throws Exception {
    assertEquals(s.subject(), c.getSubject());
    assertEquals(s.sessionId(), c.getStringClaimValue("sid"));
    assertEquals(s.tokenId(), c.getJwtId());
    assertEquals(s.expiresAt().getEpochSecond(), c.getExpirationTime().getValue());
    assertEquals(s.issuedAt().getEpochSecond(), c.getIssuedAt().getValue());
    assertEquals(s.startedAt().toEpochMilli(), ((Number) c.getClaimValue("sst_ms")).longValue(),
        "the session start time is a plain integer claim");
    assertEquals(List.of("user"), c.getStringListClaimValue("roles"));
    Map<String, Object> attrs = (Map<String, Object>) c.getClaimValue("attrs");
    assertEquals("Alice", attrs.get("displayName"));
  }

  @Test
  void signedAndSealedToken_isDecryptedAndVerifiedByJose4j() throws Exception {
    IssuedToken t = signetToken(TokenProfile.SIGNED_AND_SEALED);
    JwtConsumer consumer = jose4jConsumer().setDecryptionKey(aesKey()).setEnableRequireEncryption()
        .setEnableRequireIntegrity().build();

    JwtClaims claims = consumer.processToClaims(t.token());

    assertSameSession(t.session(), claims);
  }

  @Test
  void signedToken_isVerifiedByJose4j() throws Exception {
    IssuedToken t = signetToken(TokenProfile.SIGNED);
    JwtConsumer consumer = jose4jConsumer().setEnableRequireIntegrity().build();

    JwtClaims claims = consumer.processToClaims(t.token());

    assertSameSession(t.session(), claims);
  }

  private static JwtClaims jose4jClaims() {
    JwtClaims c = new JwtClaims();
    c.setIssuer(Forge.ISS);
    c.setAudience(Forge.AUD);
    c.setSubject("bob");
    c.setClaim("sid", "jose4j-session-id-0001");
    c.setJwtId("jose4j-token-id-000001");
    c.setIssuedAt(NumericDate.fromSeconds(Forge.NOW_S - 10));
    c.setNotBefore(NumericDate.fromSeconds(Forge.NOW_S - 10));
    c.setExpirationTime(NumericDate.fromSeconds(Forge.NOW_S + 600));
    c.setClaim("sxp", Forge.NOW_S + 3600);
    c.setClaim("auth_time", Forge.NOW_S - 10);
    c.setStringListClaim("roles", "admin");
    c.setClaim("attrs", Map.of("displayName", "Bob", "level", 7));
    return c;
  }

  private static String jose4jJws(JwtClaims claims) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.EDDSA);
    jws.setKeyIdHeaderValue(SIG.kid());
    jws.setHeader("typ", Forge.TYP);
    jws.setKey(privateKey());
    return jws.getCompactSerialization();
  }

  private static void assertBobSession(Verification v) {
    assertTrue(v.isAccepted(), v::toString);
    Session s = v.session().orElseThrow();
    assertEquals("bob", s.subject());
    assertEquals("jose4j-session-id-0001", s.sessionId());
    assertEquals("jose4j-token-id-000001", s.tokenId());
    assertEquals(Forge.NOW_S + 600, s.expiresAt().getEpochSecond());
    assertEquals(Forge.NOW_S + 3600, s.hardExpiresAt().getEpochSecond());
    assertEquals(s.issuedAt(), s.startedAt(), "a token without sst_ms counts as started when issued");
    assertTrue(s.hasRole("admin"));
    assertEquals(new Profile("Bob", 7), s.attributes(Profile.class));
  }

  @Test
  void signedAndSealedTokenBuiltByJose4j_isAcceptedBySignet() throws Exception {
    JsonWebEncryption jwe = new JsonWebEncryption();
    jwe.setPayload(jose4jJws(jose4jClaims()));
    jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.A256KW);
    jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
    jwe.setKeyIdHeaderValue(ENC.kid());
    jwe.setHeader("typ", Forge.TYP);
    jwe.setContentTypeHeaderValue("JWT");
    jwe.setKey(aesKey());

    Verification v = Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(jwe.getCompactSerialization());

    assertBobSession(v);
  }

  @Test
  void signedTokenBuiltByJose4j_isAcceptedBySignet() throws Exception {
    Verification v = Forge.verifier(TokenProfile.SIGNED).verify(jose4jJws(jose4jClaims()));

    assertBobSession(v);
  }
}
