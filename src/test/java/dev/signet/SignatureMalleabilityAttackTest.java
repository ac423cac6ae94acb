package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack class 14: Ed25519 verification correctness and malleability. The signature must be
 * exactly 64 bytes whatever the backend (JDK 17's provider accepts a 65th zero byte), {@code S}
 * must be canonical ({@code S < L}), and degenerate signatures terminate quickly.
 */
@Tag("attack")
@Tag("attack-14")
class SignatureMalleabilityAttackTest {
  /** The order of the Ed25519 base point. */
  private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private final Forge forge = Forge.forge();

  /** A valid token of the profile with its (inner) signature replaced. */
  private String withSignature(TokenProfile profile, java.util.function.UnaryOperator<byte[]> change) {
    String jws = forge.jws(forge.jwsHeader().toString(), Forge.utf8(Forge.claims().toString()));
    String[] s = Forge.segments(jws);
    String changed = s[0] + "." + s[1] + "." + Forge.b64(change.apply(Forge.unb64(s[2])));
    return profile == TokenProfile.SIGNED ? changed : forge.sealed(changed);
  }

  private static Rejection verify(TokenProfile profile, String token) {
    return Forge.rejection(Forge.verifier(profile).verify(token));
  }

  @ParameterizedTest
  @EnumSource(value = TokenProfile.class, names = {"SIGNED", "SIGNED_AND_SEALED"})
  void signatureWithATrailingZeroByte_isBadSignature(TokenProfile profile) {
    assertEquals(Rejection.BAD_SIGNATURE, verify(profile, withSignature(profile, sig -> Arrays.copyOf(sig, 65))));
  }

  @ParameterizedTest
  @EnumSource(value = TokenProfile.class, names = {"SIGNED", "SIGNED_AND_SEALED"})
  void signatureTruncatedByOneByte_isBadSignature(TokenProfile profile) {
    assertEquals(Rejection.BAD_SIGNATURE, verify(profile, withSignature(profile, sig -> Arrays.copyOf(sig, 63))));
  }

  @ParameterizedTest
  @EnumSource(value = TokenProfile.class, names = {"SIGNED", "SIGNED_AND_SEALED"})
  void signatureWithSPlusOrder_isBadSignature(TokenProfile profile) {
    assertEquals(Rejection.BAD_SIGNATURE, verify(profile, withSignature(profile, sig -> {
      byte[] le = Arrays.copyOfRange(sig, 32, 64);
      byte[] be = reverse(le);
      BigInteger s = new BigInteger(1, be).add(L);
      byte[] sBe = s.toByteArray();
      byte[] out = new byte[32];
      System.arraycopy(sBe, Math.max(0, sBe.length - 32), out, 32 - Math.min(32, sBe.length), Math.min(32, sBe.length));
      byte[] forged = sig.clone();
      System.arraycopy(reverse(out), 0, forged, 32, 32);
      return forged;
    })));
  }

  private static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }

  @Test
  void everySingleBitFlipOfTheSignature_isBadSignature() {
    for (int bit = 0; bit < 512; bit += 7) {
      int b = bit;
      String token = withSignature(TokenProfile.SIGNED, sig -> {
        byte[] f = sig.clone();
        f[b / 8] ^= (byte) (1 << (b % 8));
        return f;
      });
      assertEquals(Rejection.BAD_SIGNATURE, verify(TokenProfile.SIGNED, token), "bit " + bit);
    }
  }

  @Test
  void signedPayloadChangedAfterSigning_isBadSignature() {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED));
    com.fasterxml.jackson.databind.node.ObjectNode c = Forge.claims();
    c.put("sub", "admin");
    String token = Forge.join(s[0], Forge.b64(c.toString()), s[2]);
    assertEquals(Rejection.BAD_SIGNATURE, verify(TokenProfile.SIGNED, token));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "0000000000000000000000000000000000000000000000000000000000000000"
          + "0000000000000000000000000000000000000000000000000000000000000000",
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
          + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      // R = identity point, S = 0
      "0100000000000000000000000000000000000000000000000000000000000000"
          + "0000000000000000000000000000000000000000000000000000000000000000",
      // R = a point of order 8, S = 0
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
          + "0000000000000000000000000000000000000000000000000000000000000000",
      // R not a point (y >= p), S = L (non-canonical)
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
          + "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"})
  void degenerateSignature_isBadSignatureQuickly(String hex) {
    byte[] sig = HexFormat.of().parseHex(hex);
    String token = withSignature(TokenProfile.SIGNED, ignored -> sig);
    assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertEquals(Rejection.BAD_SIGNATURE, verify(TokenProfile.SIGNED, token)));
  }
}
