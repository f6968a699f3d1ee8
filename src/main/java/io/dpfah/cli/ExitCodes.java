package io.dpfah.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/** dpfah's exit statuses, listed at the end of every command's {@code --help}. */
final class ExitCodes {
  /** Done. */
  static final int OK = 0;
  /** A bug (stack trace printed), or an I/O failure such as a full disk (message says which). */
  static final int INTERNAL = 1;
  /** The input is wrong: arguments, spec, data or codes files, a finished run in the way. */
  static final int INPUT = 2;
  /** A run failed, or some runs of a sweep did; each is recorded in its folder. */
  static final int RUNS_FAILED = 3;

  /** Commands that train, and so can end with {@link #RUNS_FAILED}. */
  private static final Set<String> TRAINING = Set.of("run", "sweep");

  private ExitCodes() {}

  /** Adds the exit-status list to the usage help of {@code cl} and all its subcommands. */
  static void document(CommandLine cl) {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(" " + OK, "success");
    codes.put(" " + INTERNAL, "internal error (a bug: stack trace printed), or an I/O failure"
        + " such as a full disk or permission denied (the message says which)");
    codes.put(" " + INPUT, "input error: bad arguments or spec (file, line and field named),"
        + " missing or corrupt data or codes files, a finished run in the way");
    if (TRAINING.contains(cl.getCommandName())) {
      codes.put(" " + RUNS_FAILED, "a run failed, or some runs of the sweep did (each recorded"
          + " in its folder: metrics.json, error.txt, run.log); the others finished");
    }
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
    for (CommandLine sub : cl.getSubcommands().values()) {
      document(sub);
    }
  }
}
