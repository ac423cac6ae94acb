package dev.signet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of README.md, read as printed: the README is the fixture. */
public final class ReadmeBlocks {
  private ReadmeBlocks() {}

  /** README.md of the repository the tests run in (tests run from its root). */
  public static Path readme() {
    String base = System.getProperty("signet.it.basedir", System.getProperty("basedir", "."));
    return Path.of(base).toAbsolutePath().resolve("README.md");
  }

  /**
   * The bodies of the {@code ```lang} blocks in the section whose heading line is exactly
   * {@code heading}, in order; the section ends at the next heading of the same or a higher level.
   *
   * @throws AssertionError if the heading is missing
   */
  public static List<String> blocks(String heading, String lang) {
    List<String> lines;
    try {
      lines = Files.readAllLines(readme(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = lines.indexOf(heading);
    if (start < 0) {
      throw new AssertionError("README.md has no heading '" + heading + "'");
    }
    int level = heading.indexOf(' ');
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    boolean inFence = false;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!inFence && line.startsWith("#")) {
        int l = line.indexOf(' ');
        if (l > 0 && l <= level && line.substring(0, l).chars().allMatch(c -> c == '#')) {
          break;
        }
      }
      if (line.startsWith("```")) {
        if (!inFence) {
          inFence = true;
          block = line.equals("```" + lang) ? new StringBuilder() : null;
        } else {
          inFence = false;
          if (block != null) {
            blocks.add(block.toString());
          }
          block = null;
        }
        continue;
      }
      if (block != null) {
        block.append(line).append('\n');
      }
    }
    return blocks;
  }

  /** The one {@code ```lang} block of a section. */
  public static String only(String heading, String lang) {
    List<String> b = blocks(heading, lang);
    if (b.size() != 1) {
      throw new AssertionError("expected one ```" + lang + " block under '" + heading + "', found " + b.size());
    }
    return b.get(0);
  }
}
