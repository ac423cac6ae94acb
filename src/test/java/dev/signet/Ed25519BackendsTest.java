package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Ed25519 implementations Signet can use (Bouncy Castle always; native libsodium when
 * lazysodium-java is on the class path and the system library loads), each held to the same
 * answers: the self-test, the signature attacks (non-canonical {@code S}, small-order keys and
 * {@code R}, lengths, bit flips) on the implementation itself, and byte-identical signatures.
 *
 * <p>The main test run has no native dependency on its class path; the {@code native-ed25519}
 * run of the build adds it, and with {@code REQUIRE_LIBSODIUM=1} (as CI sets) a native
 * implementation that is missing or refused fails that run.
 */
@Tag("attack")
@Tag("attack-14")
class Ed25519BackendsTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Every small-order point's encoding, canonical or not, with and without the sign bit (libsodium's blocklist and its mirror images). */
  private static final List<String> SMALL_ORDER = List.of(
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "0100000000000000000000000000000000000000000000000000000000000080",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

  static Stream<Ed25519Backend> backends() {
    return Ed25519Backends.usable().stream();
  }

  static Stream<Arguments> backendsAndSmallOrderPoints() {
    return backends().flatMap(b -> SMALL_ORDER.stream().map(p -> Arguments.of(b, p)));
  }

  private static final class KeyPair {
    final byte[] seedAndPublic = new byte[64];
    final Ed25519VerifyKey key;

    KeyPair() {
      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      byte[] pub = new byte[32];
      Ed25519.generatePublicKey(seed, 0, pub, 0);
      System.arraycopy(seed, 0, seedAndPublic, 0, 32);
      System.arraycopy(pub, 0, seedAndPublic, 32, 32);
      key = Ed25519VerifyKey.validate(pub);
    }

    byte[] sign(Ed25519Backend b, byte[] msg) {
      byte[] sig = new byte[64];
      b.sign(seedAndPublic, msg, msg.length, sig);
      return sig;
    }
  }

  private static byte[] msg(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void usableBackend_passesTheSelfTest(Ed25519Backend backend) {
    assertNull(Ed25519SelfTest.check(backend));
  }

  @Test
  void activeBackend_isUsableAndNamed() {
    assertTrue(Ed25519Backends.usable().contains(Ed25519Backends.active()));
    assertEquals(Ed25519Backends.active().name(), Ed25519Backends.activeName());
  }

  @Test
  void withoutLazysodium_bouncyCastleIsActive_withItAndLibsodiumNativeIs() {
    boolean lazysodium;
    try {
      Class.forName("com.goterl.lazysodium.SodiumJava");
      lazysodium = true;
    } catch (ClassNotFoundException e) {
      lazysodium = false;
    }
    if (!lazysodium) {
      assertSame(Ed25519Backends.BOUNCY_CASTLE, Ed25519Backends.active());
      assertEquals(List.of(Ed25519Backends.BOUNCY_CASTLE), Ed25519Backends.usable());
    } else if ("1".equals(System.getenv("REQUIRE_LIBSODIUM"))) {
      assertNull(Ed25519Backends.nativeRefusal(), "native libsodium refused");
      assertTrue(Ed25519Backends.activeName().startsWith("libsodium "), Ed25519Backends.activeName());
    } else {
      // lazysodium present, libsodium not required: whichever was chosen, the refusal says why.
      assertEquals(Ed25519Backends.nativeRefusal() == null, Ed25519Backends.active() != Ed25519Backends.BOUNCY_CASTLE);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void signatures_areIdenticalToBouncyCastlesAndVerifyAcross(Ed25519Backend backend) {
    KeyPair k = new KeyPair();
    for (int len : new int[] {0, 1, 63, 64, 65, 700, 4096}) {
      byte[] m = new byte[len];
      new SecureRandom().nextBytes(m);
      byte[] ours = k.sign(backend, m);
      assertArrayEquals(k.sign(Ed25519Backends.BOUNCY_CASTLE, m), ours, "length " + len);
      assertTrue(backend.verify(k.key, ours, m, m.length));
      assertTrue(Ed25519Backends.BOUNCY_CASTLE.verify(k.key, ours, m, m.length));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void verifyOfAPrefix_coversExactlyThatPrefix(Ed25519Backend backend) {
    KeyPair k = new KeyPair();
    byte[] m = msg("header.payload.signature-goes-here");
    int len = "header.payload".length();
    byte[] sig = k.sign(backend, Arrays.copyOf(m, len));
    assertTrue(JoseCrypto.verifyEd25519(backend, k.key, sig, m, len));
    assertFalse(JoseCrypto.verifyEd25519(backend, k.key, sig, m, len - 1));
    assertFalse(JoseCrypto.verifyEd25519(backend, k.key, sig, m, len + 1));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void nonCanonicalS_sPlusOrder_isRefused(Ed25519Backend backend) {
    KeyPair k = new KeyPair();
    byte[] m = msg("m");
    byte[] sig = k.sign(backend, m);
    assertTrue(backend.verify(k.key, sig, m, m.length));
    assertFalse(backend.verify(k.key, Ed25519SelfTest.plusOrder(sig), m, m.length));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void sWithTheTopBitsSet_isRefused(Ed25519Backend backend) {
    KeyPair k = new KeyPair();
    byte[] m = msg("m");
    byte[] sig = k.sign(backend, m);
    for (int bits = 0x20; bits <= 0xe0; bits += 0x20) {
      byte[] forged = sig.clone();
      forged[63] |= (byte) bits;
      assertFalse(backend.verify(k.key, forged, m, m.length), "top bits " + bits);
    }
  }

  @ParameterizedTest
  @MethodSource("backendsAndSmallOrderPoints")
  void smallOrderPublicKey_withIdentityRAndZeroS_isRefused(Ed25519Backend backend, String point) {
    // Under the identity, (R = identity, S = 0) satisfies the unbatched equation for every message.
    Ed25519VerifyKey key = Ed25519VerifyKey.unvalidated(HEX.parseHex(point));
    byte[] sig = HEX.parseHex("01" + "00".repeat(63));
    for (String m : new String[] {"", "a", "signet", "another message"}) {
      assertFalse(backend.verify(key, sig, msg(m), m.length()), m);
    }
    assertNull(Ed25519VerifyKey.validate(HEX.parseHex(point)), "keyset import refuses it too");
  }

  @ParameterizedTest
  @MethodSource("backendsAndSmallOrderPoints")
  void smallOrderR_withZeroS_isRefused(Ed25519Backend backend, String point) {
    KeyPair k = new KeyPair();
    byte[] sig = HEX.parseHex(point + "00".repeat(32));
    assertFalse(backend.verify(k.key, sig, msg("m"), 1));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyTenthBitFlipOfTheSignature_isRefused(Ed25519Backend backend) {
    KeyPair k = new KeyPair();
    byte[] m = msg("a message");
    byte[] sig = k.sign(backend, m);
    for (int bit = 0; bit < 512; bit += 10) {
      byte[] f = sig.clone();
      f[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFalse(backend.verify(k.key, f, m, m.length), "bit " + bit);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void signatureUnderAnotherKey_isRefused(Ed25519Backend backend) {
    KeyPair a = new KeyPair();
    KeyPair b = new KeyPair();
    byte[] m = msg("m");
    assertFalse(backend.verify(b.key, a.sign(backend, m), m, m.length));
  }

  @Test
  void selfTest_refusesAnImplementationThatAcceptsNonCanonicalS() {
    Ed25519Backend lax = new Ed25519Backend() {
      @Override
      public String name() {
        return "lax";
      }

      @Override
      public boolean verify(Ed25519VerifyKey key, byte[] sig, byte[] msg, int len) {
        // Reduces S modulo L before checking: the malleability the canonical-S rule exists to stop.
        return Ed25519Backends.BOUNCY_CASTLE.verify(key, minusOrder(sig), msg, len);
      }

      @Override
      public void sign(byte[] seedAndPublicKey, byte[] msg, int len, byte[] sig) {
        Ed25519Backends.BOUNCY_CASTLE.sign(seedAndPublicKey, msg, len, sig);
      }
    };
    String failure = Ed25519SelfTest.check(lax);
    assertTrue(failure != null && failure.contains("non-canonical S"), String.valueOf(failure));
  }

  /** S - L when S >= L (little-endian), else S unchanged. */
  private static byte[] minusOrder(byte[] sig) {
    byte[] order = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    byte[] out = sig.clone();
    int borrow = 0;
    for (int i = 0; i < 32; i++) {
      int d = (sig[32 + i] & 0xff) - (order[i] & 0xff) - borrow;
      out[32 + i] = (byte) d;
      borrow = d < 0 ? 1 : 0;
    }
    return borrow == 0 ? out : sig;
  }

  @Test
  void selfTest_refusesAnImplementationThatSignsWrongly() {
    Ed25519Backend wrong = new Ed25519Backend() {
      @Override
      public String name() {
        return "wrong";
      }

      @Override
      public boolean verify(Ed25519VerifyKey key, byte[] sig, byte[] msg, int len) {
        return Ed25519Backends.BOUNCY_CASTLE.verify(key, sig, msg, len);
      }

      @Override
      public void sign(byte[] seedAndPublicKey, byte[] msg, int len, byte[] sig) {
        Ed25519Backends.BOUNCY_CASTLE.sign(seedAndPublicKey, msg, len, sig);
        sig[0] ^= 1;
      }
    };
    assertEquals("RFC 8032 test 1: wrong signature", Ed25519SelfTest.check(wrong));
  }
}
