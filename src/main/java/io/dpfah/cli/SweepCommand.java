package io.dpfah.cli;

import io.dpfah.experiment.RunExecutor;
import io.dpfah.experiment.SweepRunner;
import io.dpfah.report.ReportBuilder;
import io.dpfah.report.ReportSummary;
import io.dpfah.spec.SweepPlan;
import io.dpfah.spec.SweepRun;
import io.dpfah.train.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dpfah sweep}: runs every combination of a spec's sweep, resumably, then reports. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run every run of the spec's sweep block; finished runs are skipped, so a "
        + "killed sweep resumes where it stopped. Builds the report at the end."})
public final class SweepCommand implements Callable<Integer> {
  @Mixin SpecArgs args;

  @Mixin SweepLimit limit;

  @Option(names = "--out", paramLabel = "DIR", description = "Results root (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("results");

  @Option(names = "--dry-run", description = "List the runs (and whether each is finished) and exit.")
  boolean dryRun;

  @Option(names = "--shard", paramLabel = "i/n",
      description = "Run only the i-th of n deterministic slices (1-based), e.g. a Slurm array task.")
  String shard;

  @Option(names = "--force", description = "Rerun runs that are already finished; start killed"
      + " ones afresh instead of resuming their checkpoints.")
  boolean force;

  @Option(names = "--no-report", description = "Do not build the report at the end.")
  boolean noReport;

  @Override
  public Integer call() {
    List<SweepRun> runs = SweepPlan.expand(args.spec, args.overrides, limit.maxRuns);
    if (shard != null) {
      runs = SweepPlan.shard(runs, shard);
    }
    if (runs.isEmpty()) {
      System.out.println("nothing to run in this shard");
      return 0;
    }
    Path expDir = out.resolve(runs.get(0).spec().name());
    if (dryRun) {
      for (SweepRun r : runs) {
        boolean done = io.dpfah.results.RunWriter.isFinished(expDir.resolve(r.runId()));
        System.out.println((done ? "[finished] " : "[to run]   ") + r.runId());
      }
      System.out.println(runs.size() + " runs" + (shard == null ? "" : " in shard " + shard));
      return 0;
    }
    RunExecutor executor = new RunExecutor(out, force, Progress::console);
    SweepRunner.Summary s = new SweepRunner(out, executor::run, System.out, force).run(runs);
    if (!noReport) {
      ReportSummary report = ReportBuilder.build(expDir);
      System.out.println();
      System.out.println(report.headlineMarkdown());
      System.out.println("report: " + report.indexHtml().toAbsolutePath());
    }
    return s.failed().isEmpty() ? ExitCodes.OK : ExitCodes.RUNS_FAILED;
  }
}
