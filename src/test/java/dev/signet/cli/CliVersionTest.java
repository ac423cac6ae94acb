package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.Signet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code signet --version}: version, commit, Ed25519 provider and JVM, one per line. */
class CliVersionTest {
  @Test
  void version_printsVersionCommitEd25519ProviderAndJava() {
    CliRun r = CliRun.run("--version");
    assertEquals(0, r.code, r::toString);
    assertEquals(List.of(
            "signet " + Signet.version(),
            "commit " + Signet.commit(),
            "Ed25519 " + Signet.ed25519Provider(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"),
        r.out.lines().toList(), r::toString);
  }
}
