package io.dpfah.cli;

import io.dpfah.spec.SweepPlan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --max-runs N}: the largest sweep a command accepts (run, sweep, validate). */
public final class SweepLimit {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  long maxRuns = SweepPlan.DEFAULT_MAX_RUNS;

  @Option(names = "--max-runs", paramLabel = "N",
      description = "Refuse a sweep of more than N runs, counted before any run is built "
          + "(default: 10000).")
  void maxRuns(long n) {
    if (n < 1) {
      throw new ParameterException(command.commandLine(),
          "--max-runs: expected a positive number of runs, got " + n);
    }
    maxRuns = n;
  }
}
