package io.dpfah.cli;

import io.dpfah.results.IoFailures;
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
      SlurmCommand.class,
      ReportCommand.class,
      EvalCommand.class,
      EncodeCommand.class,
      SearchCommand.class,
      LossCommand.class,
      MethodsCommand.class,
      ParamsCommand.class,
      ValidateCommand.class,
      DataCommand.class,
      BenchEvalCommand.class,
      BenchModelCommand.class,
      BenchTrainCommand.class,
      BenchTableCommand.class,
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
   * The configured command line (also used by tests). Exit statuses (listed in every command's
   * {@code --help}): 0 success; 2 an input error — a bad spec, missing or corrupt data, bad codes
   * files, an existing finished run — printed as one line; 3 a failed run (or some runs of a
   * sweep); 1 an I/O failure (one line: what could not be read or written, and the system's
   * reason) or a bug (with its stack trace).
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      String name = cmd.getCommandSpec().qualifiedName(" ");
      if (UserErrors.isUserError(e)) {
        cmd.getErr().println(name + ": " + e.getMessage());
        return ExitCodes.INPUT;
      }
      Throwable io = IoFailures.find(e);
      if (io != null) {
        cmd.getErr().println(name + ": I/O error: " + IoFailures.describe(io));
        return ExitCodes.INTERNAL;
      }
      cmd.getErr().println(name + ": internal error (a bug; please report it with this trace):");
      e.printStackTrace(cmd.getErr());
      return ExitCodes.INTERNAL;
    });
    ExitCodes.document(cl);
    return cl;
  }
}
