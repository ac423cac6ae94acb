package dev.signet.cli;

import dev.signet.Signet;
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
      KeysCommand.class,
      IssueCommand.class,
      VerifyCommand.class,
      InspectCommand.class,
      RevokeCommand.class,
      ServeCommand.class,
      DemoCommand.class
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
      description = "Print stack traces with errors, and log at debug level (serve: the reason of every rejection).")
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
    configureLogging(java.util.Arrays.asList(args));
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
    withHelp(cl);
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

  /** Gives every command and sub-command {@code --help} and {@code --version}, whoever declared it. */
  private static void withHelp(CommandLine cl) {
    CommandLine.Model.CommandSpec s = cl.getCommandSpec();
    if (s.findOption("--help") == null) {
      s.mixinStandardHelpOptions(true);
    }
    cl.getSubcommands().values().forEach(Main::withHelp);
  }

  /**
   * Sets up the CLI's log output (slf4j-simple, on stderr) before the first logger exists:
   * warnings only, the server's start, reload and stop messages for {@code serve}, everything
   * (rejection reasons included) with {@code --verbose}. System properties set by the caller win.
   */
  static void configureLogging(java.util.List<String> args) {
    String level = args.contains("--verbose") ? "debug" : args.contains("serve") ? "info" : "warn";
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
    // Jetty's start banner says nothing serve's own lines do not; its warnings still show.
    setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", args.contains("--verbose") ? "debug" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    return s.replaceAll("[\\r\\n]+", " ").trim();
  }

  /**
   * {@code --version}: Signet's version, the commit it was built from and the Ed25519 provider in
   * use, one per line ({@code unknown} for what the build did not record).
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "signet " + Signet.version(),
        "commit " + Signet.commit(),
        "Ed25519 " + Signet.ed25519Provider(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
