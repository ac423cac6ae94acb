package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The claims parser ({@link Claims#read}, on {@code StrictJson}) on arbitrary bytes. Oracles: it
 * fails only with a typed {@link Claims.Failure}, never another exception; and a claims set it
 * accepts survives being written and read again unchanged.
 */
class ClaimsFuzzTest {
  static {
    dev.signet.FuzzLogging.warnOnlyWhileFuzzing();
  }

  @FuzzTest(maxDuration = "5m")
  void claims(byte[] json) throws Claims.Failure {
    Claims.Parsed parsed;
    try {
      parsed = Claims.read(json, FuzzFixture.ISSUER, FuzzFixture.AUDIENCE);
    } catch (Claims.Failure expected) {
      return;
    }
    Claims.Parsed again = Claims.read(Claims.write(parsed.session), FuzzFixture.ISSUER, FuzzFixture.AUDIENCE);
    assertEquals(parsed.session, again.session);
  }
}
