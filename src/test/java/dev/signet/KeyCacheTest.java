package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import dev.signet.keys.LogCapture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A keyset source that fails never makes verification throw: the last good keys stay in use. */
class KeyCacheTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);
  private static final Keyset KEYS = Keyset.generate(CLOCK);

  /** A source whose behaviour the test switches: a keyset, null, or an exception. */
  private static final class Switchable implements KeysetSource {
    final AtomicReference<Object> next = new AtomicReference<>(KEYS);

    @Override
    public Keyset current() {
      Object o = next.get();
      if (o instanceof RuntimeException) {
        throw (RuntimeException) o;
      }
      return (Keyset) o;
    }
  }

  private static String tokenOf(Keyset k) {
    return TokenIssuer.builder(k).issuer("https://login.test").audience("api").clock(CLOCK).build()
        .start(NewSession.forSubject("alice")).token();
  }

  private static TokenVerifier verifier(KeysetSource s) {
    return TokenVerifier.builder(s).issuer("https://login.test").audience("api").clock(CLOCK).build();
  }

  @Test
  void sourceThatThrows_keepsTheLastGoodKeysAndWarnsOnce() {
    Switchable source = new Switchable();
    TokenVerifier v = verifier(source);
    String token = tokenOf(KEYS);
    byte[] secret = KEYS.active(dev.signet.keys.KeyPurpose.ENCRYPTION).orElseThrow()
        .secretBytes(dev.signet.keys.SecretAccess.insecure());
    try (LogCapture log = new LogCapture(KeyCache.class)) {
      source.next.set(new IllegalStateException("disk gone " + Base64.getUrlEncoder().encodeToString(secret)));
      for (int i = 0; i < 5; i++) {
        Verification r = v.verify(token);
        assertTrue(r.isAccepted(), r::toString);
      }
      assertEquals(1, log.messages(Level.WARN).size(), log.all()::toString);
      assertNull(
          dev.signet.keys.KeyMaterialAccess.findSecret(String.join("\n", log.all()), KEYS),
          "the exception message (which may quote anything) is never logged");
    }
  }

  @Test
  void sourceThatReturnsNull_keepsTheLastGoodKeys() {
    Switchable source = new Switchable();
    TokenVerifier v = verifier(source);
    source.next.set(null);
    assertTrue(v.verify(tokenOf(KEYS)).isAccepted());
  }

  @Test
  void sourceThatRecovers_servesItsNewKeyset() {
    Switchable source = new Switchable();
    TokenVerifier v = verifier(source);
    source.next.set(new IllegalStateException("down"));
    v.verify(tokenOf(KEYS));
    Keyset other = Keyset.generate(CLOCK);
    source.next.set(other);
    Verification r = v.verify(tokenOf(other));
    assertTrue(r.isAccepted(), r::toString);
    assertEquals(dev.signet.Rejection.UNKNOWN_KEY, v.verify(tokenOf(KEYS)).rejection().orElseThrow());
  }

  @Test
  void issuerOverAFailingSource_mintsWithTheLastGoodKeys() {
    Switchable source = new Switchable();
    TokenIssuer issuer =
        TokenIssuer.builder(source).issuer("https://login.test").audience("api").clock(CLOCK).build();
    source.next.set(new IllegalStateException("down"));
    IssuedToken t = issuer.start(NewSession.forSubject("bob"));
    assertTrue(verifier(KEYS).verify(t.token()).isAccepted());
  }
}
