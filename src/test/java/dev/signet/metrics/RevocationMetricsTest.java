package dev.signet.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RevocationMetricsTest {
  @Test
  void listInMemory_reportsItsEntriesAndIsFresh() throws Exception {
    dev.signet.revocation.InMemoryRevocationList list = new dev.signet.revocation.InMemoryRevocationList();
    list.revoke(dev.signet.revocation.Revocation.subject("alice", java.time.Instant.now(),
        java.time.Instant.now().plus(Duration.ofHours(1))));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RevocationMetrics metrics = new RevocationMetrics(list);
    metrics.bindTo(registry);
    assertEquals(1.0, registry.get("signet.revocations.entries").gauge().value());
    assertEquals(1.0, registry.get("signet.revocations.fresh").gauge().value());
    assertTrue(metrics.isFresh());
  }
}
