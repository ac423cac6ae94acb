package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsAttributesNumberTest {
  private static final String BASE = "{\"iss\":\"" + FuzzFixture.ISSUER + "\",\"aud\":\"api\",\"sub\":\"a\",\"sid\":\"s\","
      + "\"jti\":\"j\",\"iat\":1780315200,\"exp\":1780316100,\"sxp\":1780358400,\"auth_time\":1780315200,\"attrs\":";

  /** Found by ClaimsFuzzTest (its input is committed as a regression seed): 1e999 became Infinity, written back as "Infinity". */
  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1e999}", "{\"a\":-1e999}", "{\"a\":{\"b\":[1.0e400]}}"})
  void attributeNumberOverflowingADouble_isInvalidClaims(String attrs) {
    Claims.Failure f = assertThrows(Claims.Failure.class,
        () -> Claims.read((BASE + attrs + "}").getBytes(StandardCharsets.US_ASCII), FuzzFixture.ISSUER, FuzzFixture.AUDIENCE));
    assertEquals(Rejection.INVALID_CLAIMS, f.rejection);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1.7976931348623157e308}", "{\"a\":1e-999}", "{\"a\":[1,2.5,-3]}"})
  void finiteAttributeNumbers_areAccepted(String attrs) throws Claims.Failure {
    Claims.read((BASE + attrs + "}").getBytes(StandardCharsets.US_ASCII), FuzzFixture.ISSUER, FuzzFixture.AUDIENCE);
  }
}
