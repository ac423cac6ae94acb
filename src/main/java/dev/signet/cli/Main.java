package dev.signet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code signet}: the command line for operators (keys, revocation), gateways (serve) and
 * newcomers (demo).
 *
 * <p>Exit codes: 0 ok, 1 token rejected (reason on stderr), 2 usage error, 3 configuration or
 * I/O error. Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "signet",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Stateless sessions: signed and encrypted session tokens, revocation and key rotation.",
    subcommands = {
      CommandLine.HelpCommand.class,
      InspectCommand.class,
      KeysCommand.class,
      RevokeCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:token rejected (the reason on stderr)",
      "2:usage error",
      "3:configuration or I/O error"
    })
public final class Main implements Runnable {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Where commands read a token given as {@code -}. */
  java.io.InputStream stdin = System.in;

  private Main() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** Runs the CLI and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the CLI with the given streams and returns its exit code (for tests and embedding). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(System.in, out, err, args);
  }

  /** As {@link #execute(PrintWriter, PrintWriter, String...)}, reading tokens given as {@code -} from {@code in}. */
  public static int execute(java.io.InputStream in, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(out, err);
    ((Main) cl.getCommand()).stdin = in;
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine failed = ex.getCommandLine();
          String where = failed.getCommandSpec().qualifiedName();
          ex.getCommandLine().getErr().println(
              "signet: " + oneLine(ex.getMessage()) + " (see '" + where + " --help')");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          PrintWriter e = failed.getErr();
          boolean verbose = main.verbose;
          if (ex instanceof CliException) {
            e.println("signet: " + oneLine(ex.getMessage()));
            if (verbose && ex.getCause() != null) {
              ex.getCause().printStackTrace(e);
            }
            return ((CliException) ex).exitCode();
          }
          if (ex instanceof CommandLine.ParameterException) {
            e.println("signet: " + oneLine(ex.getMessage()));
            return ExitCodes.USAGE;
          }
          e.println("signet: unexpected error: " + ex.getClass().getSimpleName()
              + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage())));
          if (verbose) {
            ex.printStackTrace(e);
          }
          return ExitCodes.CONFIG;
        });
    return cl;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    return s.replaceAll("[\\r\\n]+", " ").trim();
  }

  /** The version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"signet " + (v == null ? "dev" : v)};
    }
  }
}
