package dev.signet.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet example application builds and runs against Spring Boot 4.0's dependency management
 * (the main build tests against Boot 3.5): a separate Maven project with Boot's parent, the
 * README's dependency block as printed and nothing else pinned, run with {@code mvn test}. The
 * jar under test goes into the local repository first, as {@code mvn install} would put it. Offline
 * when the outer build is, so it runs without a network once Boot 4's jars are in the local
 * repository.
 */
class SpringBoot4BuildIT {
  static final String BOOT4 = "4.0.7";

  @TempDir Path project;

  @Test
  void exampleApplication_buildsAndPassesOnSpringBoot4() throws Exception {
    SpringFixtures.assumeRedis();
    String version = System.getProperty("signet.version");
    publish(version);
    String xml = DocBlocks.block("README.md", "### Spring Boot", "xml", 0);
    Matcher props = Pattern.compile("<properties>(.*?)</properties>", Pattern.DOTALL).matcher(xml);
    assertTrue(props.find(), xml);
    String dependencies = xml.substring(props.end()).strip();
    String pom = resource("pom.xml.template")
        .replace("@BOOT_VERSION@", BOOT4)
        .replace("@README_PROPERTIES@", props.group(1).strip())
        .replace("@README_DEPENDENCIES@", dependencies);
    Files.writeString(project.resolve("pom.xml"), pom);
    Path example = Path.of("src/test/java/dev/signet/spring/example/ExampleApplication.java");
    Path main = project.resolve("src/main/java/dev/signet/spring/example");
    Files.createDirectories(main);
    Files.copy(example, main.resolve("ExampleApplication.java"));
    Path test = project.resolve("src/test/java/dev/signet/spring/example");
    Files.createDirectories(test);
    Files.writeString(test.resolve("Boot4SmokeTest.java"), resource("Boot4SmokeTest.java.txt"));
    String prefix = SpringFixtures.uniquePrefix();
    StringBuilder properties = new StringBuilder();
    for (Map.Entry<String, Object> e : DocBlocks.properties("README.md", "### Spring Boot", 0).entrySet()) {
      Object v = e.getKey().equals("signet.revocations") ? SpringFixtures.redisStore(prefix) : e.getValue();
      properties.append(e.getKey()).append('=').append(v).append('\n');
    }
    Files.writeString(project.resolve("signet.properties"), properties.toString());
    try {
      List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-ntp", "-q", "test"));
      if ("offline=true".equals(System.getProperty("maven.offline"))) {
        cmd.add("-o");
      }
      Path log = project.resolve("build.log");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
      Process p = pb.start();
      assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the Boot 4 build did not finish in 10 minutes");
      assertEquals(0, p.exitValue(), () -> "the Boot 4 build failed:\n" + tail(log));
    } finally {
      SpringFixtures.deleteAll(prefix);
    }
  }

  /** Puts this build's jar and POM into the local repository, as {@code mvn install} does. */
  private static void publish(String version) throws IOException {
    Path dir = Path.of(System.getProperty("maven.localRepository"), "dev", "signet", "signet", version);
    Files.createDirectories(dir);
    Files.copy(Path.of(System.getProperty("signet.plainJar")), dir.resolve("signet-" + version + ".jar"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of("pom.xml"), dir.resolve("signet-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String mvn() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }

  private String resource(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/dev/signet/spring/boot4/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
