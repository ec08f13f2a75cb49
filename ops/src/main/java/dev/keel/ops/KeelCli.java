package dev.keel.ops;

import dev.keel.ops.backtest.BacktestCommand;
import dev.keel.ops.ops.OpsCommand;
import dev.keel.ops.optimize.OptimizeCommand;
import dev.keel.ops.regimes.RegimesCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keel}: the one command operators, analysts and the demo use. */
@Command(name = "keel", mixinStandardHelpOptions = true, version = "keel 0.1.0",
    description = "Keel: cost-aware, regime-adaptive rebalancing for crypto portfolios.",
    subcommands = {DemoCommand.class, RunCommand.class, GenerateCommand.class, MigrateCommand.class, OpsCommand.class, BenchCommand.class, LoadHistoryCommand.class,
        OptimizeCommand.class, RegimesCommand.class, BacktestCommand.class, CommandLine.HelpCommand.class})
public class KeelCli implements Runnable {

  public static void main(String[] args) {
    // before anything makes an HTTP call: the JDK must never resend an order's POST on its own (docs/venue-orders.md);
    // ./keel passes it on the command line too
    System.setProperty("sun.net.http.retryPost", "false");
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 bad usage. */
  public static int execute(String... args) {
    return execute(commandLine(), args);
  }

  /**
   * Runs {@code cli} on {@code args}. Arguments of the form {@code --keel.some.key=value} (and {@code --server.port=N},
   * the web server's settings for {@code keel run}, {@code --logging.*}, and {@code --spring.*}, which the application
   * refuses where Keel wires the part itself) are settings, not options:
   * they are taken out and passed to the application context of the subcommand (where unknown keys are refused).
   */
  static int execute(CommandLine cli, String... args) {
    List<String> options = new ArrayList<>();
    List<String> settings = new ArrayList<>();
    for (String a : args) {
      if (SETTING_PREFIXES.stream().anyMatch(a::startsWith)) {
        if (a.indexOf('=') < 0) {
          cli.getErr().println("keel: error: setting " + a + " needs a value: " + a + "=VALUE");
          cli.getErr().flush();
          return 2;
        }
        String name = a.substring(2, a.indexOf('='));
        if (dev.keel.persistence.db.Redact.looksSecret(name)) {
          // the process list shows every argument to every user of the machine
          cli.getErr().println("keel: error: setting " + name + " holds a secret: give it in the environment ("
              + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace("-", "") + ") or a file (--config FILE"
              + (name.equals("keel.db.password") ? ", --db-password-file FILE" : "") + "), not on the command line");
          cli.getErr().flush();
          return 2;
        }
        settings.add(a);
      } else {
        options.add(a);
      }
    }
    String sub = options.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    if (!settings.isEmpty() && OFFLINE.contains(sub)) {
      cli.getErr().println("keel: error: " + settings.get(0) + ": 'keel " + sub + "' reads files, not the service's settings;"
          + " it takes none");
      cli.getErr().flush();
      return 2;
    }
    Keel.settings(settings);
    try {
      return cli.execute(options.toArray(String[]::new));
    } finally {
      Keel.settings(List.of());
    }
  }

  /** Command-line arguments that are the application's settings, not picocli's options. */
  private static final List<String> SETTING_PREFIXES = List.of("--keel.", "--server.", "--logging.", "--spring.");

  /** Subcommands that run without the application context, so --keel.* settings would have no effect on them. */
  private static final java.util.Set<String> OFFLINE = java.util.Set.of("optimize", "regimes", "backtest");

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new KeelCli());
    withHelp(cli);
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      PrintWriter err = failed.getErr();
      err.println(failed.getCommandSpec().qualifiedName() + ": error: " + e.getMessage()
          + " (see " + failed.getCommandSpec().qualifiedName() + " --help)");
      err.flush();
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println(commandLine.getCommandSpec().qualifiedName() + ": error: " + Errors.describe(e));
      err.flush();
      return 1;
    });
    return cli;
  }

  /** Every subcommand answers --help and --version, at every level. */
  private static void withHelp(CommandLine cli) {
    cli.getCommandSpec().mixinStandardHelpOptions(true);
    cli.getSubcommands().values().forEach(KeelCli::withHelp);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
