package io.dpfah.cli;

import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecWriter;
import io.dpfah.spec.SweepPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dpfah validate}: checks a spec and prints it fully resolved. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a spec (and every run of its sweep) and print it with all defaults.")
public final class ValidateCommand implements Callable<Integer> {
  @Mixin SpecArgs args;

  @Mixin SweepLimit limit;

  @Override
  public Integer call() {
    ExperimentSpec spec = args.load(limit);
    System.out.print(SpecWriter.toYaml(spec));
    int runs = SweepPlan.expand(args.spec, args.overrides, limit.maxRuns).size();
    System.out.println("# valid: " + runs + (runs == 1 ? " run" : " runs"));
    return ExitCodes.OK;
  }
}
