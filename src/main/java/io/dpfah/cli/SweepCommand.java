package io.dpfah.cli;

import io.dpfah.cluster.ArrayTask;
import io.dpfah.experiment.RunExecutor;
import io.dpfah.experiment.SweepRunner;
import io.dpfah.report.ReportBuilder;
import io.dpfah.report.ReportSummary;
import io.dpfah.results.RunWriter;
import io.dpfah.spec.Shard;
import io.dpfah.spec.SweepPlan;
import io.dpfah.spec.SweepRun;
import io.dpfah.train.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dpfah sweep}: runs every combination of a spec's sweep, resumably, then reports. In a
 * Slurm array task or a Kubernetes Indexed Job pod it runs its shard ({@link ArrayTask}); a
 * shard never builds the report, which would race with the other shards.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run every run of the spec's sweep block; finished runs are skipped, so a "
        + "killed sweep resumes where it stopped. Builds the report at the end.",
        "Inside a Slurm job array (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job "
            + "(JOB_COMPLETION_INDEX, with DPFAH_SHARD_COUNT) it runs that task's shard; "
            + "shards do not build the report (run 'dpfah report' once they have all ended)."})
public final class SweepCommand implements Callable<Integer> {
  @Mixin SpecArgs args;

  @Mixin SweepLimit limit;

  @Option(names = "--out", paramLabel = "DIR", description = "Results root (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("results");

  @Option(names = "--dry-run", description = "List the runs (and whether each is finished) and exit.")
  boolean dryRun;

  @Option(names = "--shard", paramLabel = "i/n",
      description = "Run only the i-th of n deterministic slices (1-based); overrides the job "
          + "array's task id. --shard 1/1 runs the whole sweep inside an array task.")
  String shard;

  @Option(names = "--force", description = "Rerun runs that are already finished; start killed"
      + " ones afresh instead of resuming their checkpoints.")
  boolean force;

  @Option(names = "--no-report", description = "Do not build the report at the end.")
  boolean noReport;

  private final Map<String, String> env;

  /** A command reading the process environment (job array variables). */
  public SweepCommand() {
    this(System.getenv());
  }

  SweepCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    List<SweepRun> all = SweepPlan.expand(args.spec, args.overrides, limit.maxRuns);
    ArrayTask task = shard != null ? new ArrayTask(Shard.parse(shard), "--shard")
        : ArrayTask.fromEnvironment(env);
    List<SweepRun> runs = task == null ? all : task.shard().select(all);
    if (task != null) {
      System.out.printf("shard %s (%s): %d of the sweep's %d runs%n", task.shard(),
          task.origin(), runs.size(), all.size());
    }
    Path expDir = out.resolve(all.get(0).spec().name());
    if (dryRun) {
      for (SweepRun r : runs) {
        boolean done = RunWriter.isFinished(expDir.resolve(r.runId()));
        System.out.println((done ? "[finished] " : "[to run]   ") + r.runId());
      }
      System.out.println(runs.size() + " runs" + (task == null ? "" : " in shard " + task.shard()));
      return 0;
    }
    if (runs.isEmpty()) {
      System.out.println("nothing to run in this shard");
      return 0;
    }
    DevicePreflight.check(args.spec, runs);
    RunExecutor executor = new RunExecutor(out, force, Progress::console);
    SweepRunner.Summary s = new SweepRunner(out, executor::run, System.out, force).run(runs);
    if (task != null) {
      System.out.println("report: not built by a shard (the other shards may still be running);"
          + " once all have ended: dpfah report " + expDir);
    } else if (!noReport) {
      ReportSummary report = ReportBuilder.build(expDir);
      System.out.println();
      System.out.println(report.headlineMarkdown());
      System.out.println("report: " + report.indexHtml().toAbsolutePath());
    }
    return s.failed().isEmpty() ? ExitCodes.OK : ExitCodes.RUNS_FAILED;
  }
}
