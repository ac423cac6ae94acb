package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void demo_walksEveryStepAndExits0() {
    CliRun r = CliRun.run("demo");
    assertEquals(0, r.code, r::toString);
    assertEquals("", r.err, r::toString);
    List<String> steps = Arrays.stream(r.out.split("\n"))
        .filter(l -> l.matches("\\s*\\d+\\. .*"))
        .map(l -> l.trim().split("\\s+")[1])
        .collect(Collectors.toList());
    assertEquals(List.of("keys", "login", "gateway", "renew", "elevate", "gateway", "revoke", "login", "rotate",
        "mint", "logout"), steps, r::toString);
    assertTrue(r.out.contains("401 (REVOKED)"), r::toString);
    assertTrue(r.out.contains("every step behaved as expected"), r::toString);
  }

  @Test
  void demo_leavesNoFolderBehind() throws Exception {
    CliRun r = CliRun.run("demo");
    String first = r.out.lines().findFirst().orElseThrow();
    String dir = first.replaceAll(".* in (\\S+) \\(removed at the end\\)", "$1");
    assertTrue(dir.contains("signet-demo-"), first);
    assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of(dir)), dir + " still exists");
  }
}
