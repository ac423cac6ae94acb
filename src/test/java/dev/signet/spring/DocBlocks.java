package dev.signet.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the code blocks users copy from the project's documents, so tests run them as printed. */
public final class DocBlocks {
  private DocBlocks() {}

  /** The {@code n}-th (from 0) fenced block of {@code language} after the line starting with {@code heading}. */
  public static String block(String document, String heading, String language, int n) throws IOException {
    String text = Files.readString(Path.of(document));
    int at = text.indexOf("\n" + heading);
    if (at < 0) {
      throw new AssertionError(document + " has no heading " + heading);
    }
    int from = at;
    for (int i = 0; i <= n; i++) {
      from = text.indexOf("```" + language + "\n", from);
      if (from < 0) {
        throw new AssertionError(document + " has no " + language + " block " + n + " after " + heading);
      }
      from += 4 + language.length();
    }
    return text.substring(from, text.indexOf("```", from));
  }

  /** A {@code properties} block as an ordered map. */
  public static Map<String, Object> properties(String document, String heading, int n) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String line : block(document, heading, "properties", n).split("\n")) {
      if (!line.isBlank()) {
        int eq = line.indexOf('=');
        out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return out;
  }
}
