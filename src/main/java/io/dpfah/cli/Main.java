package io.dpfah.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dpfah} command line. */
@Command(
    name = "dpfah",
    mixinStandardHelpOptions = true,
    version = "dpfah 0.1.0",
    description = "Deep parameter-free attention hashing experiments.",
    subcommands = {
      RunCommand.class,
      SweepCommand.class,
      ReportCommand.class,
      EvalCommand.class,
      ParamsCommand.class,
      ValidateCommand.class,
      DataCommand.class,
      BenchEvalCommand.class,
      BenchModelCommand.class,
      BackboneCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line (also used by tests): input errors — a bad spec, missing or
   * corrupt data, bad codes files, an existing finished run — print one clear message and exit
   * with status 2; anything else is a bug and keeps its stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (UserErrors.isUserError(e)) {
        cmd.getErr().println("dpfah " + cmd.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl;
  }
}
