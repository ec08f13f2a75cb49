package dev.keel.ops.ops;

import picocli.CommandLine.Command;

/** {@code keel ops}: the operator's commands. */
@Command(name = "ops", description = "Operator commands: status, executions, execution, jobs, run, restart, proposals,"
    + " notifications, webhooks, api-keys.",
    subcommands = {StatusCommand.class, ExecutionsCommand.class, ExecutionCommand.class, JobsCommand.class, RunJobCommand.class,
        RestartCommand.class, ProposalsCommand.class, NotificationsCommand.class, WebhooksCommand.class, ApiKeysCommand.class})
public class OpsCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
