package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 6 of the production-Redis issue: Signet's Redis store compiles and runs against the
 * Jedis version Spring Boot's dependency management picks, not only the one Signet builds with.
 *
 * <p>For each Spring Boot line, a throwaway Maven project that imports
 * {@code spring-boot-dependencies} and asks for {@code redis.clients:jedis} without a version
 * resolves the Jedis an application on that line gets. Signet's {@code Redis*.java} sources and a
 * small application are compiled against that Jedis (so a method missing from it fails the
 * compile), then run in a fresh JVM against a Redis server of the test's own: start a mirror,
 * revoke through a second instance, see it enforced, and survive a wipe.
 */
class SpringBootJedisIT {
  /** The Spring Boot lines tested: the newest 3.5 and 4.0 releases when this was written. */
  static final List<String> BOOT_VERSIONS = List.of("3.5.16", "4.0.9");
  static RedisProcess redis;
  static Path work;

  @BeforeAll
  static void start() throws Exception {
    work = Path.of("target", "spring-boot-jedis").toAbsolutePath();
    Files.createDirectories(work);
    redis = RedisProcess.start(work.resolve("redis"));
    // One throwaway multi-module project, one mvn run: a module per Spring Boot line.
    StringBuilder modules = new StringBuilder();
    for (String v : BOOT_VERSIONS) {
      modules.append("<module>boot-").append(v).append("</module>");
      Path project = work.resolve("boot-" + v);
      Files.createDirectories(project);
      Files.writeString(project.resolve("pom.xml"), String.join("\n",
          "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
          "  <modelVersion>4.0.0</modelVersion>",
          "  <groupId>example</groupId><artifactId>boot-app-" + v + "</artifactId><version>1</version>",
          "  <dependencyManagement><dependencies><dependency>",
          "    <groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId>",
          "    <version>" + v + "</version><type>pom</type><scope>import</scope>",
          "  </dependency></dependencies></dependencyManagement>",
          "  <dependencies><dependency>",
          "    <groupId>redis.clients</groupId><artifactId>jedis</artifactId>",
          "  </dependency></dependencies>",
          "</project>", ""));
    }
    Files.writeString(work.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>example</groupId><artifactId>boot-apps</artifactId><version>1</version><packaging>pom</packaging>"
        + "<modules>" + modules + "</modules></project>\n");
    resolveClasspaths(work);
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @ParameterizedTest(name = "Spring Boot {0}")
  @MethodSource("bootVersions")
  void redisStore_compilesAndRuns_onTheJedisSpringBootManages(String bootVersion) throws Exception {
    Path project = work.resolve("boot-" + bootVersion);
    Path cpFile = project.resolve("classpath.txt");
    List<String> bootJars = List.of(Files.readString(cpFile).trim().split(File.pathSeparator));
    String jedisVersion = bootJars.stream().map(j -> Path.of(j).getFileName().toString())
        .map(Pattern.compile("jedis-(\\d[^/]*)\\.jar")::matcher).filter(Matcher::matches).map(m -> m.group(1))
        .findFirst().orElseThrow(() -> new AssertionError("no jedis in " + bootJars));
    assertNotEquals(bundledJedisVersion(), jedisVersion, "the BOM picks the Jedis Signet builds with: nothing to test");

    // Signet and everything else it needs, without its own Jedis and Jedis's dependencies.
    List<String> signet = new ArrayList<>();
    for (String e : testClasspath()) {
      String name = Path.of(e).getFileName().toString();
      if (!name.matches("(jedis|commons-pool2|gson|json|redis-authx-core|error_prone_annotations)-.*\\.jar")) {
        signet.add(e);
      }
    }
    Path classes = project.resolve("classes");
    Files.createDirectories(classes);
    Path app = project.resolve("BootApp.java");
    Files.writeString(app, APP);
    List<String> sources = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("src/main/java/dev/signet/revocation"))) {
      s.filter(p -> p.getFileName().toString().startsWith("Redis")).forEach(p -> sources.add(p.toString()));
    }
    sources.add(app.toString());
    String compileCp = Stream.concat(bootJars.stream(), signet.stream()).collect(Collectors.joining(File.pathSeparator));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn", "-d", classes.toString(),
        "-cp", compileCp));
    args.addAll(sources);
    assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])),
        "Signet's Redis store does not compile against Jedis " + jedisVersion);

    String runCp = classes + File.pathSeparator + compileCp;
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", runCp, "BootApp", "redis://127.0.0.1:" + redis.port(), "boot-" + bootVersion + ":");
    Path out = project.resolve("run.log");
    Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the application did not finish");
    String log = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("jedis " + jedisVersion + ": revoked, enforced, re-seeded"), log);
    System.out.printf("Spring Boot %s manages Jedis %s: Signet's Redis store compiles and runs%n", bootVersion, jedisVersion);
  }

  static Stream<String> bootVersions() {
    return BOOT_VERSIONS.stream();
  }

  /** The application: a mirror and a writer, a revocation, a FLUSHALL survived. */
  private static final String APP = String.join("\n",
      "import dev.signet.revocation.*;",
      "import java.time.*;",
      "public class BootApp {",
      "  public static void main(String[] a) throws Exception {",
      "    try (RedisRevocationList gateway = RedisRevocationList.builder(a[0] + \"?prefix=\" + a[1])",
      "            .heartbeatInterval(Duration.ofMillis(100)).build();",
      "        RedisRevocationList writer = RedisRevocationList.builder(a[0] + \"?prefix=\" + a[1]).mirror(false).build()) {",
      "      writer.revoke(Revocation.session(\"boot-sid\", Instant.now().plus(Duration.ofHours(1))));",
      "      long end = System.nanoTime() + 20_000_000_000L;",
      "      while (gateway.size() < 1 && System.nanoTime() < end) Thread.sleep(10);",
      "      if (gateway.size() != 1) throw new AssertionError(\"not enforced\");",
      "      try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis(",
      "          redis.clients.jedis.HostAndPort.from(a[0].substring(8)))) { admin.flushAll(); }",
      "      while (gateway.wipesDetected() < 1 && System.nanoTime() < end) Thread.sleep(10);",
      "      if (gateway.wipesDetected() != 1 || !gateway.isFresh()) throw new AssertionError(\"wipe not survived\");",
      "      String v = redis.clients.jedis.Jedis.class.getProtectionDomain().getCodeSource().getLocation().getPath();",
      "      v = v.substring(v.lastIndexOf(\"jedis-\") + 6, v.length() - 4);",
      "      System.out.println(\"jedis \" + v + \": revoked, enforced, re-seeded\");",
      "    }",
      "  }",
      "}",
      "");

  private static String bundledJedisVersion() {
    String loc = redis.clients.jedis.Jedis.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    Matcher m = Pattern.compile("jedis-(\\d[^/]*)\\.jar$").matcher(loc);
    return m.find() ? m.group(1) : loc;
  }

  private static List<String> testClasspath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> out = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        out.add(e);
      }
    }
    return out;
  }

  /** {@code mvn dependency:build-classpath} in the throwaway project: offline first, then online. */
  private static void resolveClasspaths(Path project) throws IOException, InterruptedException {
    String mvn = mavenCommand();
    for (boolean offline : new boolean[] {true, false}) {
      List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-q", "-ntp"));
      if (offline) {
        cmd.add("-o");
      }
      cmd.addAll(List.of("dependency:build-classpath", "-Dmdep.outputFile=classpath.txt"));
      Path log = project.resolve("mvn.log");
      Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("mvn did not finish resolving Spring Boot's Jedis");
      }
      if (p.exitValue() == 0) {
        return;
      }
      if (!offline) {
        fail("mvn could not resolve Spring Boot's Jedis:\n" + Files.readString(log));
      }
    }
  }

  private static String mavenCommand() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "mvn"))) {
        return Path.of(dir, "mvn").toString();
      }
    }
    if ("1".equals(System.getenv("REQUIRE_REDIS"))) {
      fail("REQUIRE_REDIS=1 but no mvn on the PATH for the Spring Boot dependency-management test");
    }
    Assumptions.abort("no mvn on the PATH");
    return null;
  }
}
