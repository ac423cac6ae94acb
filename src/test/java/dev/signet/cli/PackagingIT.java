package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The artefacts {@code mvn package} leaves in {@code target/}: the runnable {@code signet.jar},
 * the library jar and its sources and javadoc jars (the javadoc build fails on any warning, see
 * pom.xml), with the module name, version and commit a user can check.
 */
class PackagingIT {
  private static final String VERSION = System.getProperty("signet.it.version");
  private static final Path TARGET = Path.of(System.getProperty("signet.it.target", "target"));
  private static final Path BASEDIR = Path.of(System.getProperty("signet.it.basedir", "."));
  private static final String FINAL_NAME = System.getProperty("signet.it.finalName");

  private static Path artefact(String suffix) {
    Path p = TARGET.resolve(FINAL_NAME + suffix);
    assertTrue(Files.isRegularFile(p), p + " is missing");
    return p;
  }

  private static String describeModule(Path jar) {
    ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = tool.run(new PrintWriter(out), new PrintWriter(err), "--describe-module", "--file", jar.toString());
    assertEquals(0, rc, err::toString);
    return out.toString();
  }

  /** The module of {@code jar --describe-module}'s output: its line {@code NAME[@VERSION] automatic}. */
  private static String moduleName(String description) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^([\\w.]+)(@\\S+)? automatic$").matcher(description);
    if (!m.find()) {
      throw new AssertionError("no automatic module in:\n" + description);
    }
    return m.group(1);
  }

  @Test
  void runnableJar_describeModule_namesDevSignet() {
    assertEquals("dev.signet", moduleName(describeModule(SignetJar.path())));
  }

  @Test
  void libraryJar_describeModule_namesDevSignet() {
    assertEquals("dev.signet", moduleName(describeModule(artefact(".jar"))));
  }

  @Test
  void manifests_carryAutomaticModuleNameAndVersion() throws Exception {
    for (Path jar : List.of(SignetJar.path(), artefact(".jar"))) {
      try (JarFile j = new JarFile(jar.toFile())) {
        Attributes a = j.getManifest().getMainAttributes();
        assertEquals("dev.signet", a.getValue("Automatic-Module-Name"), jar.toString());
        assertEquals(VERSION, a.getValue("Implementation-Version"), jar.toString());
      }
    }
  }

  @Test
  void javadocJar_documentsThePublicApiOnly() throws Exception {
    try (JarFile j = new JarFile(artefact("-javadoc.jar").toFile())) {
      assertNotNull(j.getEntry("dev/signet/TokenVerifier.html"));
      assertNotNull(j.getEntry("dev/signet/http/SessionCookie.html"));
      assertNotNull(j.getEntry("index.html"));
      assertTrue(j.stream().noneMatch(e -> e.getName().startsWith("dev/signet/internal/")), "internal is not API");
    }
  }

  @Test
  void sourcesJar_holdsTheSources() throws Exception {
    try (JarFile j = new JarFile(artefact("-sources.jar").toFile())) {
      assertNotNull(j.getEntry("dev/signet/TokenVerifier.java"));
      assertNotNull(j.getEntry("dev/signet/Signet.java"));
    }
  }

  @Test
  void versionFromTheJar_printsVersionCommitAndBundledBouncyCastle() throws Exception {
    SignetJar.Result r = SignetJar.run(SignetJar.command("--version"), Map.of(), 60);
    assertEquals(0, r.code, r::toString);
    List<String> lines = r.out.lines().toList();
    assertEquals("signet " + VERSION, lines.get(0), r::toString);
    String head = gitHead();
    if (head == null) {
      assertEquals("commit unknown", lines.get(1), r::toString);
    } else {
      assertTrue(lines.get(1).equals("commit " + head) || lines.get(1).equals("commit " + head + "-dirty"),
          () -> "HEAD is " + head + ": " + r);
    }
    assertEquals("Ed25519 Bouncy Castle " + System.getProperty("signet.it.bouncycastle"), lines.get(2), r::toString);
  }

  /** The commit checked out in the build's own git work tree; null without one (a source tarball). */
  private static String gitHead() throws Exception {
    if (!Files.exists(BASEDIR.resolve(".git"))) {
      return null;
    }
    Process p;
    try {
      p = new ProcessBuilder("git", "rev-parse", "--verify", "HEAD").directory(BASEDIR.toFile())
          .redirectErrorStream(true).start();
    } catch (java.io.IOException noGit) {
      return null; // the build could not ask git either
    }
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue() == 0 ? out : null;
  }
}
