package dev.signet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@link TokenVerifier#verify(String)} on arbitrary input, for every profile. Oracles: it never
 * throws; the reader's and claims parser's last-resort catch ("unreadable ...") is never needed;
 * and it accepts only tokens Signet issued (the {@code valid-*} seeds): any other accepted
 * string would be a forgery or a second spelling of a token.
 */
class TokenVerifierFuzzTest {
  static {
    dev.signet.FuzzLogging.warnOnlyWhileFuzzing();
  }

  private static final Set<String> ISSUED = FuzzFixture.issuedTokens();

  @FuzzTest(maxDuration = "5m")
  void verify(byte[] data) {
    String token = new String(data, StandardCharsets.ISO_8859_1);
    for (Map.Entry<TokenProfile, TokenVerifier> e : FuzzFixture.VERIFIERS.entrySet()) {
      Verification v = e.getValue().verify(token);
      if (v.isAccepted()) {
        assertTrue(ISSUED.contains(token), () -> e.getKey() + " accepted a token Signet never issued");
        assertNotNull(v.session().orElseThrow());
      } else {
        assertFalse(v.detail().startsWith("unreadable"), () -> e.getKey() + ": safety net caught " + v.detail());
      }
    }
  }
}
