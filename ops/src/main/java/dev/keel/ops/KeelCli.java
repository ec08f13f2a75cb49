package dev.keel.ops;

import dev.keel.ops.ops.OpsCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keel}: the one command operators, analysts and the demo use. */
@Command(name = "keel", mixinStandardHelpOptions = true, version = "keel 0.1.0",
    description = "Keel: cost-aware, regime-adaptive rebalancing for crypto portfolios.",
    subcommands = {DemoCommand.class, RunCommand.class, GenerateCommand.class, MigrateCommand.class, OpsCommand.class, BenchCommand.class, LoadHistoryCommand.class,
        CommandLine.HelpCommand.class})
public class KeelCli implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 bad usage. */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new KeelCli());
    for (Object extra : Extensions.commands()) {
      cli.addSubcommand(extra);
    }
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println(commandLine.getCommandSpec().qualifiedName() + ": error: " + Errors.describe(e));
      err.flush();
      return 1;
    });
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
