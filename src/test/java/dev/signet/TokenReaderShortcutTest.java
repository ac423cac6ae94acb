package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenReaderShortcutTest {
  private static final Keyset KEYSET = Keyset.generate();
  private static final CompiledKeys KEYS = CompiledKeys.of(KEYSET);
  private static final byte[] CLAIMS = "{\"sub\":\"alice\"}".getBytes(StandardCharsets.UTF_8);

  private static TokenReader reader(TokenProfile profile) {
    return new TokenReader(profile, "signet+jwt", "EdDSA", 8192);
  }

  private static TokenWriter writer(TokenProfile profile) {
    return new TokenWriter(profile, "signet+jwt", "EdDSA");
  }

  private static byte[] aesKey() {
    return KEYSET.active(KeyPurpose.ENCRYPTION).orElseThrow().secretBytes(SecretAccess.insecure());
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void writtenToken_outerHeader_isOneOfTheShortcuts(TokenProfile profile) {
    String token = writer(profile).write(CLAIMS, KEYS);
    String header = token.substring(0, token.indexOf('.'));

    TokenReader.Shortcuts sc = reader(profile).shortcuts(KEYS);

    assertTrue(Arrays.asList(sc.outerSegments).contains(header), header);
  }

  @Test
  void writtenNestedToken_innerHeader_isOneOfTheShortcuts() throws Exception {
    String token = writer(TokenProfile.SIGNED_AND_SEALED).write(CLAIMS, KEYS);
    JWEObject jwe = JWEObject.parse(token);
    jwe.decrypt(new AESDecrypter(aesKey()));
    String inner = jwe.getPayload().toString();
    byte[] header = inner.substring(0, inner.indexOf('.')).getBytes(StandardCharsets.US_ASCII);

    TokenReader.Shortcuts sc = reader(TokenProfile.SIGNED_AND_SEALED).shortcuts(KEYS);

    assertTrue(Arrays.stream(sc.innerSegments).anyMatch(s -> Arrays.equals(s, header)));
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void shortcuts_mapEachHeaderToTheKeyItsKidNames(TokenProfile profile) throws Exception {
    TokenReader.Shortcuts sc = reader(profile).shortcuts(KEYS);
    StrictJson json = new StrictJson(4);
    assertEquals(2, sc.outerSegments.length);
    for (int i = 0; i < sc.outerSegments.length; i++) {
      ObjectNode h = json.parseObject(Base64Url.decode(sc.outerSegments[i]));
      String kid = h.get("kid").textValue();
      Object expected = profile == TokenProfile.SIGNED ? KEYS.verifyKeys.get(kid) : KEYS.decryptKeys.get(kid);
      assertSame(expected, sc.outerKeys[i]);
    }
    for (int i = 0; i < sc.innerSegments.length; i++) {
      ObjectNode h = json.parseObject(Base64Url.decode(new String(sc.innerSegments[i], StandardCharsets.US_ASCII)));
      assertSame(KEYS.verifyKeys.get(h.get("kid").textValue()), sc.innerKeys[i]);
    }
  }

  @Test
  void shortcuts_forANewKeyset_areBuiltAgain() {
    TokenReader reader = reader(TokenProfile.SIGNED_AND_SEALED);
    TokenReader.Shortcuts first = reader.shortcuts(KEYS);
    CompiledKeys other = CompiledKeys.of(Keyset.generate());

    TokenReader.Shortcuts second = reader.shortcuts(other);

    assertSame(other, second.keys);
    assertTrue(Arrays.stream(second.outerSegments).noneMatch(s -> Arrays.asList(first.outerSegments).contains(s)));
  }

  @Test
  void read_sameHeaderWithMembersReordered_isCheckedInFullAndAccepted() throws Exception {
    String kid = KEYSET.active(KeyPurpose.ENCRYPTION).orElseThrow().kid();
    String json = "{\"typ\":\"signet+jwt\",\"kid\":\"" + kid + "\",\"enc\":\"A256GCM\",\"alg\":\"A256KW\"}";
    JWEObject jwe = new JWEObject(JWEHeader.parse(Base64URL.encode(json)), new Payload(CLAIMS));
    jwe.encrypt(new AESEncrypter(aesKey()));
    String token = jwe.serialize();
    TokenReader reader = reader(TokenProfile.SEALED);
    assertTrue(Arrays.stream(reader.shortcuts(KEYS).outerSegments).noneMatch(token::startsWith));

    TokenReader.Result r = reader.read(token, KEYS);

    assertNull(r.rejection, r.detail);
    assertArrayEquals(CLAIMS, r.claims);
  }

  @Test
  void read_knownHeaderWithAnExtraMember_isRejectedByTheFullCheck() throws Exception {
    String kid = KEYSET.active(KeyPurpose.ENCRYPTION).orElseThrow().kid();
    String json = "{\"alg\":\"A256KW\",\"enc\":\"A256GCM\",\"kid\":\"" + kid + "\",\"typ\":\"signet+jwt\",\"zip\":\"DEF\"}";
    JWEObject jwe = new JWEObject(JWEHeader.parse(Base64URL.encode(json)), new Payload(CLAIMS));
    jwe.encrypt(new AESEncrypter(aesKey()));

    TokenReader.Result r = reader(TokenProfile.SEALED).read(jwe.serialize(), KEYS);

    assertEquals(Rejection.UNSUPPORTED, r.rejection);
  }

  @Test
  void read_signedTokenWithANonAsciiCharacterThatNarrowsToBase64url_isMalformed() {
    String token = writer(TokenProfile.SIGNED).write(CLAIMS, KEYS);
    int at = token.indexOf('.') + 3;
    // U+0141 narrows to 0x41 ('A') if cast to a byte: it must never pass for 'A'.
    String bent = token.substring(0, at) + '\u0141' + token.substring(at + 1);

    TokenReader.Result r = reader(TokenProfile.SIGNED).read(bent, KEYS);

    assertEquals(Rejection.MALFORMED, r.rejection);
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void read_writtenToken_returnsTheClaims(TokenProfile profile) {
    TokenReader.Result r = reader(profile).read(writer(profile).write(CLAIMS, KEYS), KEYS);

    assertNull(r.rejection, r.detail);
    assertArrayEquals(CLAIMS, r.claims);
  }
}
