package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue → verify round trips over random sessions: random profile, subject, roles, attributes
 * (strings, numbers, booleans, lists, nested maps) and timeouts. Oracle: whatever the issuer
 * accepts to mint, the verifier of the same profile accepts, and returns the same session; a
 * renewal of it verifies too.
 */
class TokenIssuerFuzzTest {
  static {
    dev.signet.FuzzLogging.warnOnlyWhileFuzzing();
  }

  @FuzzTest(maxDuration = "5m")
  void issueThenVerify(FuzzedDataProvider data) {
    TokenProfile profile = data.pickValue(TokenProfile.values());
    long idle = data.consumeLong(1, 7 * 86400);
    long absolute = data.consumeLong(idle, 30 * 86400);
    NewSession request;
    TokenIssuer issuer;
    try {
      issuer = FuzzFixture.issuer(profile)
          .idleTimeout(Duration.ofSeconds(idle)).absoluteTimeout(Duration.ofSeconds(absolute)).build();
      List<String> roles = new ArrayList<>();
      for (int i = data.consumeInt(0, 4); i > 0; i--) {
        roles.add(data.consumeString(40));
      }
      request = NewSession.forSubject(data.consumeString(300)).withRoles(roles);
      if (data.consumeBoolean()) {
        request = request.withAttributes(attributes(data, 3));
      }
    } catch (IllegalArgumentException | NullPointerException refusedInput) {
      return; // the issuer refused the request; nothing was minted
    }
    IssuedToken t;
    try {
      t = issuer.start(request);
    } catch (IllegalArgumentException | IllegalStateException refusedInput) {
      return; // e.g. the token would exceed the size limit
    }
    TokenVerifier verifier = FuzzFixture.VERIFIERS.get(profile);
    Verification v = verifier.verify(t.token());
    assertTrue(v.isAccepted(), v::toString);
    assertEquals(t.session(), v.session().orElseThrow());
    IssuedToken renewed;
    try {
      renewed = issuer.renew(v.session().orElseThrow());
    } catch (IllegalArgumentException | IllegalStateException refused) {
      return;
    }
    Verification v2 = verifier.verify(renewed.token());
    assertTrue(v2.isAccepted(), v2::toString);
    assertEquals(renewed.session(), v2.session().orElseThrow());
  }

  private static Map<String, Object> attributes(FuzzedDataProvider data, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = data.consumeInt(0, 4); i > 0; i--) {
      String key = data.consumeString(20);
      switch (data.consumeInt(0, depth > 0 ? 6 : 4)) {
        case 0 -> m.put(key, data.consumeString(60));
        case 1 -> m.put(key, data.consumeLong());
        case 2 -> m.put(key, data.consumeDouble());
        case 3 -> m.put(key, data.consumeBoolean());
        case 4 -> m.put(key, null);
        case 5 -> m.put(key, List.of(data.consumeString(10), data.consumeInt()));
        default -> m.put(key, attributes(data, depth - 1));
      }
    }
    return m;
  }
}
