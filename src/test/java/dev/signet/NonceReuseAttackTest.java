package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack class 21: AES-GCM nonce reuse. Signet always uses {@code A256KW}, so every token gets a
 * fresh random content key and a fresh random 96-bit IV; 100 000 tokens with identical claims
 * share neither. Direct-key and GCM key-wrap modes, which would put every token under one GCM
 * key, cannot be configured and are refused on input.
 */
@Tag("attack")
@Tag("attack-21")
class NonceReuseAttackTest {
  private static final int TOKENS = 100_000;
  private static final Set<ByteBuffer> IVS = new HashSet<>(2 * TOKENS);
  private static final Set<ByteBuffer> WRAPPED_KEYS = new HashSet<>(2 * TOKENS);

  @BeforeAll
  static void issueTokensWithIdenticalClaims() {
    // SEALED has the same JWE layer as the default profile, without the signature's cost.
    // The issuer's own writer and keys, over one fixed claims set.
    TokenWriter writer = new TokenWriter(TokenProfile.SEALED, Forge.TYP, "EdDSA");
    CompiledKeys keys = CompiledKeys.of(Forge.KEYS);
    byte[] claims = Forge.utf8(Forge.claims().toString());
    for (int i = 0; i < TOKENS; i++) {
      String[] s = Forge.segments(writer.write(claims, keys));
      WRAPPED_KEYS.add(ByteBuffer.wrap(Forge.unb64(s[1])));
      IVS.add(ByteBuffer.wrap(Forge.unb64(s[2])));
    }
  }

  @Test
  void hundredThousandTokens_haveDistinctIvs() {
    assertEquals(TOKENS, IVS.size());
  }

  @Test
  void hundredThousandTokens_haveDistinctWrappedContentKeys() {
    assertEquals(TOKENS, WRAPPED_KEYS.size());
  }

  @Test
  void issuedTokens_useKeyWrapAndGcmOnly() {
    String header = new String(Forge.unb64(Forge.segments(Forge.forge().valid(TokenProfile.SEALED))[0]),
        java.nio.charset.StandardCharsets.UTF_8);
    String issued = new String(Forge.unb64(Forge.segments(
        Forge.issuer(TokenProfile.SIGNED_AND_SEALED).start(NewSession.forSubject("a")).token())[0]),
        java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(true, header.contains("\"alg\":\"A256KW\""));
    assertEquals(true, issued.contains("\"alg\":\"A256KW\"") && issued.contains("\"enc\":\"A256GCM\""), issued);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dir", "A256GCMKW", "A128GCMKW"})
  void singleGcmKeyModes_areUnsupported(String alg) {
    String token = Forge.forge().withOuterHeader(TokenProfile.SEALED, h -> h.put("alg", alg));
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(TokenProfile.SEALED).verify(token)));
  }
}
