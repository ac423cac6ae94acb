package dev.signet.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Spring section as printed: its customizer line is the example application's,
 * which {@code SessionFlowContract} runs; its properties and dependency block are read by that
 * test and by {@code SpringBoot4BuildIT}.
 */
class ReadmeSpringSectionTest {
  @Test
  void customizerLine_isTheExampleApplications() throws Exception {
    String line = DocBlocks.block("README.md", "### Spring Boot", "java", 0).strip();
    String example = Files.readString(Path.of("src/test/java/dev/signet/spring/example/ExampleApplication.java"));
    assertTrue(example.contains(line), line);
    assertTrue(example.contains("import static dev.signet.spring.security.SignetConfigurer.signet;"));
  }
}
