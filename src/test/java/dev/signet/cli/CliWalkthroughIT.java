package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs src/test/sh/cli-walkthrough.sh against the packaged target/signet.jar, as an operator
 * would: keys init, issue, verify, revoke, verify (REVOKED), keys rotate x3, export, verify.
 */
class CliWalkthroughIT {
  @Test
  void operatorWalkthrough_passesEveryCheck() throws Exception {
    Path script = Path.of("src/test/sh/cli-walkthrough.sh").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), SignetJar.java(), "-jar", SignetJar.path().toString());
    SignetJar.Result r = SignetJar.run(pb, Map.of(), 120);
    assertEquals(0, r.code, r::toString);
    assertTrue(r.out.contains("cli-walkthrough: 11 checks passed"), r::toString);
  }
}
