package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoTest {
  private static final SecretKeySpec KEK = new SecretKeySpec(new byte[32], "AES");

  /** Wycheproof aes_wrap tcIds 14-24: the JDK cipher alone throws NegativeArraySizeException for these. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 15, 20})
  void unwrapKey_shortOrRaggedInput_throwsCheckedException(int length) {
    assertThrows(GeneralSecurityException.class, () -> JoseCrypto.unwrapKey(KEK, new byte[length]));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 63, 65, 128})
  void verifyEd25519_signatureNot64Bytes_isInvalid(int length) {
    for (Ed25519Backend backend : Ed25519Backends.usable()) {
      assertFalse(verifyPaddedOrCut(backend, length), backend.name());
    }
  }

  private static boolean verifyPaddedOrCut(Ed25519Backend backend, int length) {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    byte[] pub = new byte[32];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    byte[] msg = "m".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] good = new byte[64];
    Ed25519.sign(seed, 0, msg, 0, msg.length, good, 0);
    byte[] sig = java.util.Arrays.copyOf(good, length); // a valid signature padded or cut
    return JoseCrypto.verifyEd25519(backend, Ed25519VerifyKey.validate(pub), sig, msg, msg.length);
  }

  private static byte[] wrap(SecretKeySpec kek, byte[] cek) throws GeneralSecurityException {
    javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/KW/NoPadding");
    c.init(javax.crypto.Cipher.ENCRYPT_MODE, kek);
    return c.doFinal(cek);
  }

  private static SecretKeySpec randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return new SecretKeySpec(k, "AES");
  }

  @org.junit.jupiter.api.Test
  void unwrapKey_sameKekManyTimes_unwrapsEachKey() throws GeneralSecurityException {
    SecretKeySpec kek = randomKey();
    for (int i = 0; i < 5; i++) {
      byte[] cek = randomKey().getEncoded();
      org.junit.jupiter.api.Assertions.assertArrayEquals(cek, JoseCrypto.unwrapKey(kek, wrap(kek, cek)));
    }
  }

  @org.junit.jupiter.api.Test
  void unwrapKey_alternatingKeks_unwrapsWithTheKeyGiven() throws GeneralSecurityException {
    SecretKeySpec a = randomKey();
    SecretKeySpec b = randomKey();
    byte[] cek = randomKey().getEncoded();
    byte[] underA = wrap(a, cek);

    org.junit.jupiter.api.Assertions.assertArrayEquals(cek, JoseCrypto.unwrapKey(a, underA));
    assertThrows(GeneralSecurityException.class, () -> JoseCrypto.unwrapKey(b, underA));
    org.junit.jupiter.api.Assertions.assertArrayEquals(cek, JoseCrypto.unwrapKey(a, underA));
  }

  @org.junit.jupiter.api.Test
  void unwrapKey_afterAFailedUnwrapWithTheSameKek_unwrapsAGoodKey() throws GeneralSecurityException {
    SecretKeySpec kek = randomKey();
    byte[] cek = randomKey().getEncoded();
    byte[] wrapped = wrap(kek, cek);
    byte[] tampered = wrapped.clone();
    tampered[3] ^= 1;

    assertThrows(GeneralSecurityException.class, () -> JoseCrypto.unwrapKey(kek, tampered));

    org.junit.jupiter.api.Assertions.assertArrayEquals(cek, JoseCrypto.unwrapKey(kek, wrapped));
  }
}
