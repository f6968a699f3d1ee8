package io.dpfah.experiment;

import io.dpfah.results.RunWriter;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecWriter;
import io.dpfah.spec.SweepRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * Runs the runs of a sweep in order, resumably: a run whose folder is already finished is
 * skipped, a run killed midway (only a hidden {@code .tmp-*} folder) resumes from its checkpoint
 * or, without one, restarts from scratch, and
 * a failed run is recorded and the sweep goes on. Each run is claimed with a file lock, so several
 * processes (or machines on a file system with working locks) can work through one sweep
 * together: a run another process holds is skipped.
 */
public final class SweepRunner {

  /** Executes one run; {@link RunExecutor#run} in production. */
  @FunctionalInterface
  public interface RunFunction {
    /** Trains and evaluates one run and commits its folder. */
    RunOutcome run(ExperimentSpec spec, String runId, Map<String, Object> variant);
  }

  /**
   * What a sweep did.
   *
   * @param finished runs finished in this invocation
   * @param skipped ids of runs that were already finished
   * @param failed runs recorded as failed in this invocation
   */
  public record Summary(List<RunOutcome> finished, List<String> skipped, List<RunOutcome> failed) {}

  private final Path resultsRoot;
  private final RunFunction runner;
  private final PrintStream out;
  private final boolean force;

  /**
   * @param resultsRoot folder with one sub-folder per experiment
   * @param runner executes one run
   * @param out progress messages
   * @param force rerun finished runs too (the runner must then be allowed to replace them)
   */
  public SweepRunner(Path resultsRoot, RunFunction runner, PrintStream out, boolean force) {
    this.resultsRoot = resultsRoot;
    this.runner = runner;
    this.out = out;
    this.force = force;
  }

  /**
   * Runs every run not yet finished.
   *
   * @throws CancellationException when the thread is interrupted (checked before each run; an
   *     interrupted run itself is recorded as failed first)
   */
  public Summary run(List<SweepRun> runs) {
    List<RunOutcome> finished = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<RunOutcome> failed = new ArrayList<>();
    int i = 0;
    for (SweepRun r : runs) {
      i++;
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("sweep interrupted before run " + i + "/" + runs.size()
            + " (" + finished.size() + " finished, " + failed.size() + " failed)");
      }
      Path expDir = resultsRoot.resolve(r.spec().name());
      Path dir = expDir.resolve(r.runId());
      if (!force && RunWriter.isFinished(dir)) {
        skipped.add(r.runId());
        String note = sameSpec(dir, r.spec()) ? "" : " (its spec.yaml differs from the sweep's now;"
            + " pass --force or delete the folder to rerun it)";
        out.printf("[%d/%d] %s: already finished, skipped%s%n", i, runs.size(), r.runId(), note);
        continue;
      }
      try (RunLock lock = RunLock.tryAcquire(expDir, r.runId())) {
        if (lock == null) {
          skipped.add(r.runId());
          out.printf("[%d/%d] %s: running in another process, skipped%n", i, runs.size(),
              r.runId());
          continue;
        }
        if (!force && RunWriter.isFinished(dir)) {
          skipped.add(r.runId());
          continue;
        }
        removeStaleTemporaries(expDir, r.runId(), force);
        out.printf("[%d/%d] %s%n", i, runs.size(), r.runId());
        RunOutcome o = runner.run(r.spec(), r.runId(), r.variant());
        (o.finished() ? finished : failed).add(o);
      }
    }
    out.printf("sweep: %d finished, %d skipped (already finished), %d failed%n",
        finished.size(), skipped.size(), failed.size());
    for (RunOutcome f : failed) {
      out.printf("  failed %s: %s%n", f.runId(), f.error());
    }
    return new Summary(finished, skipped, failed);
  }

  private static boolean sameSpec(Path runDir, ExperimentSpec spec) {
    try {
      return Files.readString(runDir.resolve("spec.yaml")).equals(SpecWriter.toYaml(spec));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Deletes the hidden work folders a killed attempt of this run left behind, except those with
   * a checkpoint, which the run resumes from (all of them with {@code force}).
   */
  private static void removeStaleTemporaries(Path expDir, String runId, boolean force) {
    if (!Files.isDirectory(expDir)) {
      return;
    }
    try (Stream<Path> s = Files.list(expDir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-" + runId + "-"))
          .filter(p -> force || !RunWriter.hasCheckpoint(p)).toList()) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean stale work folders in " + expDir, e);
    }
  }
}
