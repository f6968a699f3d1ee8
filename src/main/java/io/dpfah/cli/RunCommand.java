package io.dpfah.cli;

import io.dpfah.experiment.RunExecutor;
import io.dpfah.experiment.RunOutcome;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecWriter;
import io.dpfah.spec.SweepRun;
import io.dpfah.train.Progress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah run}: trains and evaluates one spec. A spec with a {@code sweep:} block runs its
 * whole sweep (as {@code dpfah sweep}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Train and evaluate a spec; results go to OUT/<name>/<run-id>/.",
        "The run id is seed=<seed>-<hash of the resolved spec>: the same spec and seed never "
            + "overwrite a finished run (use --force).",
        "A killed run resumes from its last checkpoint (and says so).",
        "A spec with a sweep block runs the whole sweep, as 'dpfah sweep'."})
public final class RunCommand implements Callable<Integer> {
  @Mixin SpecArgs args;

  @Mixin SweepLimit limit;

  @Spec CommandSpec command;

  @Option(names = "--out", paramLabel = "DIR", description = "Results root (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("results");

  @Option(names = "--force", description = "Replace a finished run with the same id; start a"
      + " killed run afresh instead of resuming its checkpoint.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    ExperimentSpec spec = args.load(limit);
    if (spec.sweep() != null) {
      SweepCommand sweep = new SweepCommand();
      sweep.args = args;
      sweep.limit = limit;
      sweep.out = out;
      sweep.force = force;
      return sweep.call();
    }
    String id = runId(spec);
    DevicePreflight.check(args.spec, List.of(new SweepRun(id, Map.of(), spec)));
    RunOutcome o = new RunExecutor(out, force, Progress::console).run(spec, id, Map.of());
    if (!o.finished()) {
      command.commandLine().getErr().println("dpfah run: " + o.error());
    }
    System.out.println((o.finished() ? "finished: " : "FAILED: ") + o.runDir());
    return o.finished() ? ExitCodes.OK : ExitCodes.RUNS_FAILED;
  }

  /** {@code seed=<seed>-<first 8 hex digits of SHA-256 of the resolved spec>}. */
  static String runId(ExperimentSpec spec) throws Exception {
    byte[] h = java.security.MessageDigest.getInstance("SHA-256")
        .digest(SpecWriter.toYaml(spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "seed=" + spec.seed() + "-" + HexFormat.of().formatHex(h, 0, 4);
  }
}
