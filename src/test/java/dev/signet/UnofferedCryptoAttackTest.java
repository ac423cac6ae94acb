package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack classes that need cryptography Signet does not offer: ECDH-ES invalid curve (8), PBES2
 * iteration cost (9), {@code zip} bombs (10), CBC-HMAC padding and tag attacks (11), RSA1_5 and
 * RSA-OAEP (12), ECDSA psychic signatures (13). Each such token is refused at the header
 * allow-list, before any key or decompression is touched, within a time budget.
 */
@Tag("attack")
class UnofferedCryptoAttackTest {
  /** Median rejection time allowed; real figures are tens of microseconds. */
  private static final long BUDGET_NANOS = 5_000_000;

  private final Forge forge = Forge.forge();
  private final TokenVerifier nested = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);

  private void assertRefusedFast(TokenVerifier verifier, String token, Rejection expected) {
    assertEquals(expected, Forge.rejection(verifier.verify(token)));
    long median = Budget.medianNanos(() -> verifier.verify(token), 51);
    assertTrue(median < BUDGET_NANOS, "median rejection took " + median + " ns");
  }

  @Tag("attack-08")
  @Test
  void ecdhEsWithAnOffCurveEphemeralKey_isUnsupported() {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> {
      h.put("alg", "ECDH-ES+A256KW");
      ObjectNode epk = h.putObject("epk");
      epk.put("kty", "EC");
      epk.put("crv", "P-256");
      // Wycheproof's invalid-curve point (not on P-256).
      epk.put("x", "gTli65eTQ7z-Bh147ff8K3m7k2UiDiG2LpYkWAaFJCc");
      epk.put("y", "cLAnjKa4bzjD7DJVPwa9EPrRzMG7rONgsiUD-kf30Fs");
    });
    assertRefusedFast(nested, token, Rejection.UNSUPPORTED);
  }

  @Tag("attack-08")
  @Test
  void ecdhEsWithX25519LowOrderPoint_isUnsupported() {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> {
      h.put("alg", "ECDH-ES");
      ObjectNode epk = h.putObject("epk");
      epk.put("kty", "OKP");
      epk.put("crv", "X25519");
      epk.put("x", Forge.b64(new byte[32]));
    });
    assertRefusedFast(nested, token, Rejection.UNSUPPORTED);
  }

  @Tag("attack-09")
  @ParameterizedTest
  @ValueSource(longs = {1_000_000L, 2_147_483_647L})
  void pbes2WithAHugeIterationCount_isUnsupportedWithinBudget(long p2c) {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> {
      h.put("alg", "PBES2-HS512+A256KW");
      h.put("p2s", Forge.b64(new byte[16]));
      h.put("p2c", p2c);
    });
    assertRefusedFast(nested, token, Rejection.UNSUPPORTED);
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  @Tag("attack-10")
  @Test
  void zipDeflateBombEncryptedWithTheRealKey_isUnsupportedWithoutInflating() {
    // 4 MB of zeros deflate to about 4 KB: the token still fits the 8 KiB limit.
    byte[] bomb = deflate(new byte[4 << 20]);
    ObjectNode h = forge.jweHeader(TokenProfile.SEALED);
    h.put("zip", "DEF");
    String token = forge.jwe(h.toString(), bomb);
    assertTrue(token.length() <= 8192, "token of " + token.length() + " chars");

    TokenVerifier sealed = Forge.verifier(TokenProfile.SEALED);
    assertRefusedFast(sealed, token, Rejection.UNSUPPORTED);
    long allocated = Budget.allocatedBytes(() -> sealed.verify(token), 21);
    assertTrue(allocated < 64 * 1024, "rejection allocated " + allocated + " bytes");
  }

  @Tag("attack-10")
  @Test
  void zipBombLargerThanTheSizeLimit_isTooLarge() {
    byte[] bomb = deflate(new byte[64 << 20]);
    ObjectNode h = forge.jweHeader(TokenProfile.SEALED);
    h.put("zip", "DEF");
    String token = forge.jwe(h.toString(), bomb);
    assertRefusedFast(Forge.verifier(TokenProfile.SEALED), token, Rejection.TOO_LARGE);
  }

  @Tag("attack-11")
  @ParameterizedTest
  @ValueSource(strings = {"A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"})
  void cbcHmacContentEncryption_isUnsupported(String enc) {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> h.put("enc", enc));
    assertRefusedFast(nested, token, Rejection.UNSUPPORTED);
  }

  @Tag("attack-11")
  @ParameterizedTest
  @ValueSource(ints = {1, 4, 8, 15})
  void gcmTagTruncated_isDecryptionFailed(int dropped) {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED_AND_SEALED));
    byte[] tag = Forge.unb64(s[4]);
    s[4] = Forge.b64(Arrays.copyOf(tag, tag.length - dropped));
    assertRefusedFast(nested, Forge.join(s), Rejection.DECRYPTION_FAILED);
  }

  @Tag("attack-11")
  @Test
  void gcmTagExtended_isDecryptionFailed() {
    String[] s = Forge.segments(forge.valid(TokenProfile.SIGNED_AND_SEALED));
    s[4] = Forge.b64(Arrays.copyOf(Forge.unb64(s[4]), 17));
    assertRefusedFast(nested, Forge.join(s), Rejection.DECRYPTION_FAILED);
  }

  @Tag("attack-12")
  @ParameterizedTest
  @ValueSource(strings = {"RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512"})
  void rsaKeyManagement_isUnsupported(String alg) {
    String token = forge.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> h.put("alg", alg));
    assertRefusedFast(nested, token, Rejection.UNSUPPORTED);
  }

  @Tag("attack-13")
  @ParameterizedTest
  @ValueSource(strings = {"ES256", "ES384", "ES512"})
  void ecdsaPsychicSignatureOfZeros_isUnsupported(String alg) {
    ObjectNode h = forge.jwsHeader();
    h.put("alg", alg);
    String token = Forge.b64(h.toString()) + "." + Forge.b64(Forge.claims().toString()) + "." + Forge.b64(new byte[64]);
    assertRefusedFast(Forge.verifier(TokenProfile.SIGNED), token, Rejection.UNSUPPORTED);
    assertRefusedFast(nested, forge.sealed(token), Rejection.UNSUPPORTED);
  }
}
