package dev.keel.ops;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the keel command line in the test JVM and captures what an operator would see. */
final class CliRun {

  /** The exit code, standard output and the error stream of one command. */
  record Result(int code, String out, String err) {}

  private CliRun() {}

  static Result keel(String... args) {
    CommandLine cli = KeelCli.commandLine();
    StringWriter e = new StringWriter();
    cli.setErr(new PrintWriter(e, true));
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = KeelCli.execute(cli, args);
    } finally {
      System.setOut(saved);
    }
    return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString());
  }
}
