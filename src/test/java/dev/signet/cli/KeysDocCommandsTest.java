package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every concrete {@code signet} command line in docs/KEYS.md's code blocks parses with today's CLI. */
class KeysDocCommandsTest {
  private static final Pattern COMMAND = Pattern.compile("(?:^|[\\s*])signet ((?:keys|issue|verify|serve) [^`\\n]*)");

  @Test
  void everyConcreteCommandInKeysMd_parses() throws Exception {
    String doc = Files.readString(Path.of("docs", "KEYS.md"));
    List<String> checked = new ArrayList<>();
    boolean inBlock = false;
    for (String line : doc.split("\n")) {
      if (line.startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      Matcher m = COMMAND.matcher(line);
      if (!inBlock || !m.find()) {
        continue;
      }
      String cmd = m.group(1).replaceAll("\\s+#.*$", "").trim();
      if (cmd.matches(".*(\\[|\\.\\.\\.|\\bFILE\\b|\\bOUT\\b|\\bVAR\\b|\\bDURATION\\b).*")) {
        continue; // a synopsis, not a command to copy
      }
      String[] words = cmd.split("\\s+");
      CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
      try {
        cl.parseArgs(words);
      } catch (CommandLine.ParameterException e) {
        throw new AssertionError("docs/KEYS.md: `signet " + cmd + "` does not parse: " + e.getMessage(), e);
      }
      checked.add(cmd);
    }
    assertTrue(checked.size() >= 3, () -> "too few commands found: " + checked);
    assertTrue(checked.stream().anyMatch(c -> c.startsWith("keys rotate") && c.contains("--export-verifier")),
        checked::toString);
  }
}
