package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack classes 22 (weak or malformed keys) and 23 (mixed or ambiguous keysets): refused when
 * the key or keyset is built, so no verifier ever holds them. (The keyset file format adds its
 * own checks on top; these are the invariants every keyset passes through.)
 */
@Tag("attack")
class KeyMaterialAttackTest {
  private static final Instant T = Forge.NOW;

  private static KeyEntry aes(String kid, KeyState state, byte[] key) {
    return KeyEntry.encryption(kid, state, T, state == KeyState.NEXT ? null : T, null, key);
  }

  private static KeyEntry ed(String kid, KeyState state, byte[] pub, byte[] seed) {
    return KeyEntry.signing(kid, state, T, state == KeyState.NEXT ? null : T, null, pub, seed);
  }

  @Tag("attack-22")
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16, 24, 31, 33, 64})
  void aesKeyNotOf256Bits_isRefused(int bytes) {
    byte[] key = new byte[bytes];
    java.util.Arrays.fill(key, (byte) 7);
    assertThrows(IllegalArgumentException.class, () -> aes("enc-1", KeyState.ACTIVE, key));
  }

  @Tag("attack-22")
  @Test
  void aesKeyOfAllZeros_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> aes("enc-1", KeyState.ACTIVE, new byte[32]));
  }

  @Tag("attack-22")
  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 57})
  void ed25519PublicKeyOfTheWrongLength_isRefused(int bytes) {
    assertThrows(IllegalArgumentException.class, () -> ed("sig-1", KeyState.ACTIVE, new byte[bytes], null));
  }

  @Tag("attack-22")
  @ParameterizedTest
  @ValueSource(strings = {
      "0100000000000000000000000000000000000000000000000000000000000000", // identity
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
      "0000000000000000000000000000000000000000000000000000000000000080", // order 4
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
      "0000000000000000000000000000000000000000000000000000000000000000", // order 4 (x=0 sign 0)
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p, non-canonical
      "0200000000000000000000000000000000000000000000000000000000000000"}) // not on the curve
  void ed25519PublicKeyOfSmallOrderOrOffTheCurve_isRefused(String hex) {
    byte[] pub = HexFormat.of().parseHex(hex);
    assertThrows(IllegalArgumentException.class, () -> ed("sig-1", KeyState.ACTIVE, pub, null));
  }

  @Tag("attack-22")
  @Test
  void ed25519SeedNotMatchingItsPublicKey_isRefused() {
    Forge f = Forge.forge();
    byte[] otherSeed = f.seed.clone();
    otherSeed[0] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> ed("sig-1", KeyState.ACTIVE, f.publicKey, otherSeed));
  }

  @Tag("attack-22")
  @Test
  void generatedKeys_areNeverZeroAndNeverRepeatOverAThousandDraws() {
    SecureRandom random = new SecureRandom();
    Set<ByteBuffer> aes = new HashSet<>();
    Set<ByteBuffer> seeds = new HashSet<>();
    Set<String> kids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      KeyEntry e = KeyEntry.generate(KeyPurpose.ENCRYPTION, KeyState.NEXT, T, random);
      byte[] k = e.secretBytes(SecretAccess.insecure());
      assertTrue(!java.util.Arrays.equals(k, new byte[32]));
      aes.add(ByteBuffer.wrap(k));
      kids.add(e.kid());
      KeyEntry s = KeyEntry.generate(KeyPurpose.SIGNING, KeyState.NEXT, T, random);
      seeds.add(ByteBuffer.wrap(s.secretBytes(SecretAccess.insecure())));
      kids.add(s.kid());
    }
    assertEquals(1000, aes.size());
    assertEquals(1000, seeds.size());
    assertEquals(2000, kids.size());
  }

  @Tag("attack-23")
  @Test
  void keysetWithADuplicateKidAcrossPurposes_isRefused() {
    Forge f = Forge.forge();
    List<KeyEntry> entries = List.of(
        aes("same", KeyState.ACTIVE, f.aesKey),
        ed("same", KeyState.ACTIVE, f.publicKey, f.seed));
    assertThrows(IllegalArgumentException.class, () -> Keyset.of(entries));
  }

  @Tag("attack-23")
  @Test
  void keysetWithTwoActiveKeysForOnePurpose_isRefused() {
    Forge f = Forge.forge();
    byte[] other = f.aesKey.clone();
    other[0] ^= 1;
    List<KeyEntry> entries = List.of(aes("enc-a", KeyState.ACTIVE, f.aesKey), aes("enc-b", KeyState.ACTIVE, other));
    assertThrows(IllegalArgumentException.class, () -> Keyset.of(entries));
  }

  @Tag("attack-23")
  @Test
  void keysetWithoutAnActiveKeyForAPurpose_isRefused() {
    Forge f = Forge.forge();
    List<KeyEntry> entries = List.of(aes("enc-a", KeyState.NEXT, f.aesKey));
    assertThrows(IllegalArgumentException.class, () -> Keyset.of(entries));
  }

  @Tag("attack-23")
  @Test
  void keyOfOnePurpose_isNeverUsedForTheOther() {
    // The same 32 bytes as an AES key and as an Ed25519 seed: each kid only selects keys of the header's purpose.
    Forge f = Forge.forge();
    String jwsNamingEncKey = f.withOuterHeader(TokenProfile.SIGNED, h -> h.put("kid", f.encKid));
    String jweNamingSigKey = f.withOuterHeader(TokenProfile.SEALED, h -> h.put("kid", f.sigKid));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(jwsNamingEncKey)));
    assertEquals(Rejection.UNKNOWN_KEY, Forge.rejection(Forge.verifier(TokenProfile.SEALED).verify(jweNamingSigKey)));
  }

  @Tag("attack-23")
  @Test
  void verifierOnlyKeyset_holdsNoPrivateSigningKey() {
    List<KeyEntry> stripped = new ArrayList<>(Forge.KEYS.verifierOnly().entries());
    for (KeyEntry e : stripped) {
      if (e.purpose() == KeyPurpose.SIGNING) {
        assertTrue(!e.hasPrivateKey(), e::toString);
        assertThrows(IllegalStateException.class, () -> e.secretBytes(SecretAccess.insecure()));
      }
    }
  }
}
