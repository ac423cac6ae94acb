package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and sub-command answers --help with its usage and exit code 0. */
class CliHelpTest {
  private static void collect(CommandLine cl, List<String> path, List<List<String>> all) {
    all.add(path);
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      collect(e.getValue(), p, all);
    }
  }

  @Test
  void everyCommand_answersHelpWithExit0() {
    List<List<String>> commands = new ArrayList<>();
    collect(Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), List.of(), commands);
    assertTrue(commands.size() > 1, "sub-commands registered: " + commands);
    for (List<String> c : commands) {
      List<String> args = new ArrayList<>(c);
      args.add("--help");
      CliRun r = CliRun.run(args.toArray(new String[0]));
      assertEquals(0, r.code, () -> c + " --help: " + r);
      assertTrue(r.out.startsWith("Usage: signet"), () -> c + " --help: " + r);
    }
  }
}
