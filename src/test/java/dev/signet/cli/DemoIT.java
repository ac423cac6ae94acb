package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's main job, from the packaged jar: {@code java -jar target/signet.jar demo}. */
class DemoIT {
  @Test
  void demoFromTheJar_exits0Within30Seconds() throws Exception {
    long start = System.nanoTime();
    SignetJar.Result r = SignetJar.run(SignetJar.command("demo"), Map.of(), 60);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, r.code, r::toString);
    assertEquals("", r.err, "nothing on stderr: " + r);
    assertTrue(r.out.contains("11. logout"), r::toString);
    assertTrue(ms < 30_000, "demo took " + ms + " ms");
  }
}
