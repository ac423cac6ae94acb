package dev.signet.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.ReloadingKeyset;
import dev.signet.keys.Rotation;
import dev.signet.keys.RotationPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetMetricsTest {
  @TempDir Path dir;

  @Test
  void generationAgeAndReloadError_followTheFile() throws Exception {
    KeysetFile file = KeysetFile.at(dir.resolve("keyset.json"));
    file.create(Keyset.generate());
    try (ReloadingKeyset keys = ReloadingKeyset.builder(file).interval(Duration.ofMinutes(10)).start()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new KeysetMetrics(keys).bindTo(registry);
      assertEquals(1.0, registry.get("signet.keyset.generation").gauge().value());
      assertTrue(registry.get("signet.keyset.age").gauge().value() >= 0);

      Rotation.with(RotationPolicy.defaults()).forced().applyTo(file);
      assertTrue(keys.reloadNow());
      assertEquals(2.0, registry.get("signet.keyset.generation").gauge().value());

      Files.writeString(file.path(), "{ not a keyset");
      keys.reloadNow();
      String reason = keys.lastError().orElseThrow().reason().name();
      assertEquals(1.0, registry.get("signet.keyset.reload.error").tag("reason", reason).gauge().value());
      assertEquals(2.0, registry.get("signet.keyset.generation").gauge().value(), "the last good keyset stays");
    }
  }
}
