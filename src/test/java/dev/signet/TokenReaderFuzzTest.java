package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * The header parser and allow-list: arbitrary bytes as the protected header of a JWS and of a
 * JWE whose other segments are well-formed but carry no valid signature or tag. Oracles: the
 * header JSON parser fails only with {@link StrictJson.Invalid}; the reader never needs its
 * last-resort catch; and nothing is accepted (there is no valid signature or tag to find).
 */
class TokenReaderFuzzTest {
  static {
    dev.signet.FuzzLogging.warnOnlyWhileFuzzing();
  }

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final CompiledKeys KEYS = CompiledKeys.of(Keyset.of(List.of(
      KeyEntry.generate(KeyPurpose.SIGNING, KeyState.ACTIVE, T, new SecureRandom()),
      KeyEntry.generate(KeyPurpose.ENCRYPTION, KeyState.ACTIVE, T, new SecureRandom()))));
  private static final String JWS_REST = ".e30." + Base64Url.encode(new byte[64]);
  private static final String JWE_REST = "." + Base64Url.encode(new byte[40]) + "." + Base64Url.encode(new byte[12])
      + ".AAAA." + Base64Url.encode(new byte[16]);
  private static final StrictJson HEADER_JSON = new StrictJson(4);

  @FuzzTest(maxDuration = "5m")
  void header(byte[] headerJson) {
    try {
      HEADER_JSON.parseObject(headerJson);
    } catch (StrictJson.Invalid expected) {
      // refused: fine
    }
    String h = Base64Url.encode(headerJson);
    for (TokenProfile p : TokenProfile.values()) {
      TokenReader reader = new TokenReader(p, "signet+jwt", "EdDSA", 65536);
      for (String token : new String[] {h + JWS_REST, h + JWE_REST}) {
        TokenReader.Result r = reader.read(token, KEYS);
        assertNotNull(r.rejection, "accepted without a valid signature or tag");
        assertFalse(r.detail.startsWith("unreadable"), () -> p + ": safety net caught " + r.detail);
      }
    }
  }
}
