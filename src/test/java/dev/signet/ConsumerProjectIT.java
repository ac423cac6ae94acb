package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A new user's first build: a throwaway Maven project that depends on Signet exactly as the
 * README's quick start says, against the artefact this build just installed into
 * {@code target/it-repo} (a local repository of its own, never {@code ~/.m2}), and runs the
 * README's Java block as printed.
 *
 * <p>The nested build needs no network: every other artefact (Signet's dependencies, the
 * plugins) comes from the user's local repository, read through a {@code file:} mirror, so it
 * works offline with what the outer build already resolved, and never writes to it.
 */
class ConsumerProjectIT {
  private static final String VERSION = System.getProperty("signet.it.version");
  private static final Path BASEDIR = Path.of(System.getProperty("signet.it.basedir", ".")).toAbsolutePath();
  private static final Path TARGET = Path.of(System.getProperty("signet.it.target", "target")).toAbsolutePath();
  private static final Path IT_REPO = TARGET.resolve("it-repo");
  private static final String QUICK_START = "## Java quick start";
  /** Plugins of the consumer's build, pinned to the versions the outer build already resolved. */
  private static final List<String> PLUGINS = List.of("maven-resources-plugin", "maven-compiler-plugin",
      "maven-surefire-plugin", "maven-jar-plugin");

  @Test
  void readmeQuickStart_asPrinted_buildsAndRunsInAFreshProjectAgainstTheInstalledJar() throws Exception {
    String dependency = ReadmeBlocks.only(QUICK_START, "xml");
    String java = ReadmeBlocks.only(QUICK_START, "java");
    assertTrue(dependency.contains("<version>" + VERSION + "</version>"),
        "the README's dependency must name this build's version " + VERSION + ":\n" + dependency);
    Path installed = IT_REPO.resolve("dev/signet/signet/" + VERSION + "/signet-" + VERSION + ".jar");
    assertTrue(Files.isRegularFile(installed), installed + " is missing (pre-integration-test installs it)");

    Path project = TARGET.resolve("consumer-it");
    deleteRecursively(project);
    Files.createDirectories(project.resolve("src/main/java"));
    Files.writeString(project.resolve("pom.xml"), pom(dependency));
    Files.writeString(project.resolve("settings.xml"), settings());
    Files.writeString(project.resolve("src/main/java/QuickStart.java"), quickStart(java));

    Run build = run(project, 900, mvn(), "-B", "-ntp", "-s", "settings.xml", "-Dmaven.repo.local=" + IT_REPO,
        "package");
    assertEquals(0, build.code, () -> "the consumer project does not build:\n" + build.tail());

    Path jar = project.resolve("target/signet-consumer-1.jar");
    try (JarFile j = new JarFile(jar.toFile())) {
      assertTrue(j.getEntry("dev/signet/TokenVerifier.class") != null, "Signet is on the consumer's class path");
      for (String optional : List.of("redis/clients/", "picocli/", "jakarta/servlet/", "org/slf4j/simple/")) {
        assertTrue(j.stream().noneMatch(e -> e.getName().startsWith(optional)),
            "an optional dependency reached the consumer: " + optional);
      }
    }
    Run quickStart = run(project, 120, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString());
    assertEquals(0, quickStart.code, quickStart::tail);
    assertTrue(quickStart.out.contains("quick start: accepted alice"), quickStart::tail);
  }

  /** The README's Java block in a class: its imports at the top, its statements in {@code main}. */
  private static String quickStart(String block) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n", -1)) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    return imports
        + "\npublic class QuickStart {\n"
        + "  record Profile(String displayName) {}\n\n"
        + "  public static void main(String[] args) {\n"
        + body
        + "    if (!v.isAccepted()) {\n"
        + "      throw new AssertionError(\"the quick start's token was rejected: \" + v);\n"
        + "    }\n"
        + "    System.out.println(\"quick start: accepted \" + v.session().orElseThrow().subject());\n"
        + "  }\n"
        + "}\n";
  }

  private static String pom(String dependency) throws IOException {
    String outer = Files.readString(BASEDIR.resolve("pom.xml"));
    StringBuilder plugins = new StringBuilder();
    for (String p : PLUGINS) {
      plugins.append("      <plugin>\n        <groupId>org.apache.maven.plugins</groupId>\n")
          .append("        <artifactId>").append(p).append("</artifactId>\n")
          .append("        <version>").append(pluginVersion(outer, p)).append("</version>\n      </plugin>\n");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
        + "  <modelVersion>4.0.0</modelVersion>\n"
        + "  <groupId>example</groupId>\n"
        + "  <artifactId>signet-consumer</artifactId>\n"
        + "  <version>1</version>\n"
        + "  <properties>\n"
        + "    <maven.compiler.release>17</maven.compiler.release>\n"
        + "    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>\n"
        + "  </properties>\n"
        + "  <dependencies>\n"
        + "    <!-- README.md, Java quick start, as printed -->\n"
        + dependency
        + "  </dependencies>\n"
        + "  <build>\n"
        + "    <plugins>\n"
        + plugins
        + "      <plugin>\n"
        + "        <groupId>org.apache.maven.plugins</groupId>\n"
        + "        <artifactId>maven-shade-plugin</artifactId>\n"
        + "        <version>" + pluginVersion(outer, "maven-shade-plugin") + "</version>\n"
        + "        <executions>\n"
        + "          <execution>\n"
        + "            <phase>package</phase>\n"
        + "            <goals><goal>shade</goal></goals>\n"
        + "            <configuration>\n"
        + "              <createDependencyReducedPom>false</createDependencyReducedPom>\n"
        + "              <transformers>\n"
        + "                <transformer implementation=\"org.apache.maven.plugins.shade.resource.ManifestResourceTransformer\">\n"
        + "                  <mainClass>QuickStart</mainClass>\n"
        + "                </transformer>\n"
        + "              </transformers>\n"
        + "              <filters>\n"
        + "                <filter>\n"
        + "                  <artifact>*:*</artifact>\n"
        + "                  <excludes>\n"
        + "                    <exclude>META-INF/*.SF</exclude>\n"
        + "                    <exclude>META-INF/*.DSA</exclude>\n"
        + "                    <exclude>META-INF/*.RSA</exclude>\n"
        + "                    <exclude>META-INF/*.EC</exclude>\n"
        + "                    <exclude>module-info.class</exclude>\n"
        + "                    <exclude>META-INF/versions/*/module-info.class</exclude>\n"
        + "                  </excludes>\n"
        + "                </filter>\n"
        + "              </filters>\n"
        + "            </configuration>\n"
        + "          </execution>\n"
        + "        </executions>\n"
        + "      </plugin>\n"
        + "    </plugins>\n"
        + "  </build>\n"
        + "</project>\n";
  }

  /** The version Signet's own pom gives a plugin (its pluginManagement). */
  private static String pluginVersion(String pom, String artifactId) {
    Matcher m = Pattern.compile("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<$]+)</version>")
        .matcher(pom);
    if (!m.find()) {
      throw new AssertionError("pom.xml pins no version of " + artifactId);
    }
    return m.group(1).strip();
  }

  /** Every repository mirrored by the user's local repository, read-only, over {@code file:}. */
  private static String settings() {
    Path userRepository = Path.of(System.getProperty("signet.it.userRepository",
        System.getProperty("user.home") + "/.m2/repository"));
    return "<settings>\n"
        + "  <mirrors>\n"
        + "    <mirror>\n"
        + "      <id>user-local-repository</id>\n"
        + "      <mirrorOf>*</mirrorOf>\n"
        + "      <url>" + userRepository.toUri() + "</url>\n"
        + "    </mirror>\n"
        + "  </mirrors>\n"
        + "</settings>\n";
  }

  private static String mvn() {
    String home = System.getProperty("signet.it.mavenHome");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Run run(Path dir, long timeoutSeconds, String... command) throws Exception {
    Path log = Files.createTempFile(TARGET, "consumer-it", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** A finished process: exit code and its output (stdout and stderr together). */
  private record Run(int code, String out) {
    String tail() {
      return "exit " + code + "\n" + (out.length() > 20_000 ? out.substring(out.length() - 20_000) : out);
    }
  }
}
