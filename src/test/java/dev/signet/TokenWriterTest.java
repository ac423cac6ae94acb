package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.impl.AESGCM;
import com.nimbusds.jose.crypto.impl.AESKW;
import com.nimbusds.jose.crypto.impl.AuthenticatedCipherText;
import com.nimbusds.jose.util.Container;
import dev.signet.TokenProfile;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writer produces standard compact JOSE: nimbus-jose-jwt parses every token it writes,
 * decrypts it and finds the same header and payload bytes, and Signet's reader accepts it. Its
 * key wrap and AES-GCM give exactly nimbus's output for the same inputs.
 */
class TokenWriterTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Keyset KEYS = Keyset.of(List.of(
      KeyEntry.generate(KeyPurpose.SIGNING, KeyState.ACTIVE, Vectors.T0, RANDOM),
      KeyEntry.generate(KeyPurpose.ENCRYPTION, KeyState.ACTIVE, Vectors.T0, RANDOM)));
  private static final byte[] CLAIMS =
      "{\"iss\":\"https://login.example.com\",\"sub\":\"alice\",\"exp\":4102444800,\"roles\":[\"a\",\"b\"]}"
          .getBytes(StandardCharsets.UTF_8);

  private static TokenWriter writer(TokenProfile profile) {
    return new TokenWriter(profile, "signet+jwt", "EdDSA");
  }

  private static SecretKeySpec aesKey() {
    return new SecretKeySpec(KEYS.active(KeyPurpose.ENCRYPTION).orElseThrow().secretBytes(SecretAccess.insecure()), "AES");
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void writtenToken_isReadBySignetsReader(TokenProfile profile) {
    CompiledKeys keys = CompiledKeys.of(KEYS);
    String token = writer(profile).write(CLAIMS, keys);
    TokenReader.Result r = Vectors.reader(profile).read(token, keys);
    assertNull(r.rejection, r.detail);
    assertArrayEquals(CLAIMS, r.claims);
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void writtenToken_headersAreTheWritersKnownSegments(TokenProfile profile) {
    CompiledKeys keys = CompiledKeys.of(KEYS);
    TokenWriter w = writer(profile);
    String token = w.write(CLAIMS, keys);
    String kid = profile == TokenProfile.SIGNED ? keys.signKid : keys.encryptKid;
    assertTrue(token.startsWith(w.outerHeaderSegment(kid) + "."), token);
  }

  @Test
  void signedAndSealedToken_isStandardJoseThatNimbusDecryptsAndParses() throws Exception {
    CompiledKeys keys = CompiledKeys.of(KEYS);
    String token = writer(TokenProfile.SIGNED_AND_SEALED).write(CLAIMS, keys);
    JWEObject jwe = JWEObject.parse(token);
    assertEquals("A256KW", jwe.getHeader().getAlgorithm().getName());
    assertEquals("A256GCM", jwe.getHeader().getEncryptionMethod().getName());
    assertEquals("JWT", jwe.getHeader().getContentType());
    assertEquals(keys.encryptKid, jwe.getHeader().getKeyID());
    jwe.decrypt(new AESDecrypter(aesKey()));
    JWSObject jws = JWSObject.parse(jwe.getPayload().toString());
    assertEquals("EdDSA", jws.getHeader().getAlgorithm().getName());
    assertEquals(keys.signKid, jws.getHeader().getKeyID());
    assertEquals("signet+jwt", jws.getHeader().getType().getType());
    assertArrayEquals(CLAIMS, jws.getPayload().toBytes());
    // The signature nimbus's parser found is the one over the signing input it computed.
    assertTrue(JoseCrypto.verifyEd25519(keys.verifyKeys.get(keys.signKid), jws.getSignature().decode(), jws.getSigningInput()));
  }

  @Test
  void sealedToken_isStandardJoseThatNimbusDecrypts() throws Exception {
    String token = writer(TokenProfile.SEALED).write(CLAIMS, CompiledKeys.of(KEYS));
    JWEObject jwe = JWEObject.parse(token);
    assertNull(jwe.getHeader().getContentType());
    jwe.decrypt(new AESDecrypter(aesKey()));
    assertArrayEquals(CLAIMS, jwe.getPayload().toBytes());
  }

  @Test
  void wrapKey_givesNimbusAesKwOutput_acrossAlternatingKeks() throws Exception {
    SecretKeySpec a = aesKey();
    byte[] other = new byte[32];
    RANDOM.nextBytes(other);
    SecretKeySpec b = new SecretKeySpec(other, "AES");
    for (int i = 0; i < 6; i++) {
      SecretKeySpec kek = i % 3 == 2 ? b : a;
      byte[] cek = new byte[32];
      RANDOM.nextBytes(cek);
      assertArrayEquals(AESKW.wrapCEK(new SecretKeySpec(cek, "AES"), kek, null), JoseCrypto.wrapKey(kek, cek), "round " + i);
    }
  }

  @Test
  void sealGcm_givesNimbusAesGcmOutput() throws Exception {
    byte[] cek = new byte[32];
    byte[] iv = new byte[12];
    RANDOM.nextBytes(cek);
    RANDOM.nextBytes(iv);
    byte[] aad = "eyJhbGciOiJBMjU2S1cifQ".getBytes(StandardCharsets.US_ASCII);
    byte[] plaintext = new byte[700];
    RANDOM.nextBytes(plaintext);
    byte[] out = new byte[plaintext.length + 16];
    JoseCrypto.sealGcm(cek, iv, aad, plaintext, plaintext.length, out, 0);
    AuthenticatedCipherText n = AESGCM.encrypt(new SecretKeySpec(cek, "AES"), new Container<>(iv), plaintext, aad, null);
    byte[] expected = new byte[out.length];
    System.arraycopy(n.getCipherText(), 0, expected, 0, plaintext.length);
    System.arraycopy(n.getAuthenticationTag(), 0, expected, plaintext.length, 16);
    assertArrayEquals(expected, out);
  }

  @Test
  void keysetChange_switchesTheHeaderToTheNewKeys() {
    TokenWriter w = writer(TokenProfile.SIGNED_AND_SEALED);
    CompiledKeys first = CompiledKeys.of(KEYS);
    CompiledKeys second = CompiledKeys.of(Keyset.generate());
    String a = w.write(CLAIMS, first);
    String b = w.write(CLAIMS, second);
    assertTrue(a.startsWith(w.outerHeaderSegment(first.encryptKid) + "."));
    assertTrue(b.startsWith(w.outerHeaderSegment(second.encryptKid) + "."));
    assertNull(Vectors.reader(TokenProfile.SIGNED_AND_SEALED).read(b, second).rejection);
  }
}
