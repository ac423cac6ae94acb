package dev.signet.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.Keyset;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerifierMetricsTest {
  private static final Keyset KEYS = Keyset.generate();

  @Test
  void verifications_areCountedByOutcomeReasonAndCacheResult_andTimed() {
    VerifierMetrics metrics = new VerifierMetrics();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    TokenVerifier verifier = TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api")
        .cacheVerifiedTokens(100, Duration.ofMinutes(1)).observer(metrics).build();
    String token = TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").build()
        .start(NewSession.forSubject("alice")).token();
    verifier.verify(token);
    verifier.verify(token);
    String reason = verifier.verify("not.a.token").rejection().orElseThrow().name();

    assertEquals(2.0, registry.get("signet.verifications").tag("outcome", "accepted").counter().count());
    assertEquals(1.0, registry.get("signet.verifications").tag("reason", reason).counter().count());
    assertEquals(0.0, registry.get("signet.verifications").tag("reason", "EXPIRED").counter().count());
    assertEquals(1.0, registry.find("signet.verifications").tag("outcome", "rejected").counters().stream()
        .mapToDouble(c -> c.count()).sum());
    assertEquals(1.0, registry.get("signet.verifier.cache").tag("result", "hit").counter().count());
    assertEquals(2.0, registry.get("signet.verifier.cache").tag("result", "miss").counter().count());
    assertEquals(3, registry.get("signet.verification.duration").timer().count());
  }

  @Test
  void throwingObserver_neverChangesTheOutcome() {
    TokenVerifier verifier = TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api")
        .observer((v, hit, nanos) -> {
          throw new IllegalStateException("observer failure");
        }).build();
    String token = TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").build()
        .start(NewSession.forSubject("alice")).token();
    assertEquals(true, verifier.verify(token).isAccepted());
  }
}
