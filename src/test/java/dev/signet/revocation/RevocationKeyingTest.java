package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.Rejection;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries are keyed by ids inside the verified token, so other spellings of a revoked token stay revoked. */
class RevocationKeyingTest {
  @Test
  void nonCanonicalTwinsOfARevokedToken_areRevokedOrMalformed_neverAccepted() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00.250Z"));
    Tokens tokens = new Tokens(clock);
    InMemoryRevocationList list = new InMemoryRevocationList(clock);
    TokenVerifier verifier = tokens.verifier(list);
    IssuedToken t = tokens.start("alice");
    list.revoke(Revocation.of(t.session(), Duration.ofMinutes(1)));

    String s = t.token();
    List<String> twins = new ArrayList<>();
    twins.add(s + "=");
    twins.add(" " + s);
    twins.add(s + "\n");
    int lastDot = s.lastIndexOf('.');
    twins.add(s.substring(0, lastDot) + "=" + s.substring(lastDot));
    char last = s.charAt(s.length() - 1);
    twins.add(s.substring(0, s.length() - 1) + (last == 'A' ? 'B' : 'A'));

    for (String twin : twins) {
      Verification v = verifier.verify(twin);
      assertFalse(v.isAccepted(), "twin accepted: " + twin);
      Rejection r = v.rejection().orElseThrow();
      assertTrue(r == Rejection.REVOKED || r == Rejection.MALFORMED || r == Rejection.DECRYPTION_FAILED
          || r == Rejection.BAD_SIGNATURE, r::toString);
    }
  }
}
