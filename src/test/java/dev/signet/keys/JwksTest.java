package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksTest {
  private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static JwtConsumer jose4j(JsonWebKeySet jwks) {
    return new JwtConsumerBuilder()
        .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond()))
        .setExpectedIssuer("https://login.test")
        .setExpectedAudience("api")
        .setRequireExpirationTime()
        .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
        .build();
  }

  private static IssuedToken signed(Keyset k) {
    return TokenIssuer.builder(k).issuer("https://login.test").audience("api").clock(CLOCK)
        .profile(TokenProfile.SIGNED).build().start(NewSession.forSubject("alice"));
  }

  @Test
  void jwks_isAcceptedByJose4jAndVerifiesASignedToken() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    IssuedToken t = signed(k);
    JsonWebKeySet jwks = new JsonWebKeySet(Jwks.publicSigningKeys(k));
    assertEquals(2, jwks.getJsonWebKeys().size());
    for (JsonWebKey key : jwks.getJsonWebKeys()) {
      assertEquals(OctetKeyPairJsonWebKey.class, key.getClass());
    }
    JwtClaims claims = jose4j(jwks).processToClaims(t.token());
    assertEquals("alice", claims.getSubject());
  }

  @Test
  void jwksOfAnotherKeyset_doesNotVerifyTheToken() throws Exception {
    IssuedToken t = signed(Keyset.generate(CLOCK));
    JsonWebKeySet other = new JsonWebKeySet(Jwks.publicSigningKeys(Keyset.generate(CLOCK)));
    assertThrows(InvalidJwtException.class, () -> jose4j(other).processToClaims(t.token()));
  }

  @Test
  void jwks_holdsNoPrivateOrEncryptionKeyMaterial() {
    Keyset k = Keyset.generate(CLOCK);
    String json = Jwks.publicSigningKeys(k);
    assertNull(KeyMaterial.findIn(json, KeyMaterial.secretSpellings(k)));
    assertFalse(json.contains("\"d\""));
    assertFalse(json.contains("enc-"));
  }

  @Test
  void jwks_carriesTheConfiguredAlgorithmName() throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    JsonWebKeySet jwks = new JsonWebKeySet(Jwks.publicSigningKeys(k, dev.signet.keys.SignatureAlgorithm.ED25519));
    for (JsonWebKey key : jwks.getJsonWebKeys()) {
      assertEquals("Ed25519", key.getAlgorithm());
    }
  }

  @Test
  void write_isWorldReadableAndComplete(@TempDir Path dir) throws Exception {
    Keyset k = Keyset.generate(CLOCK);
    Path out = dir.resolve("jwks.json");
    Jwks.write(k, out);
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    assertEquals(Jwks.publicSigningKeys(k), Files.readString(out));
  }
}
