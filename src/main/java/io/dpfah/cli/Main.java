package io.dpfah.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dpfah} command line. */
@Command(
    name = "dpfah",
    mixinStandardHelpOptions = true,
    version = "dpfah 0.1.0",
    description = "Deep parameter-free attention hashing experiments.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line (also used by tests). */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }
}
