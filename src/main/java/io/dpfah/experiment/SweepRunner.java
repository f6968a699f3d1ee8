package io.dpfah.experiment;

import io.dpfah.results.RunWriter;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecException;
import io.dpfah.spec.SpecLoader;
import io.dpfah.spec.SpecWriter;
import io.dpfah.spec.SweepRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Runs the runs of a sweep in order, resumably: a run whose folder is already finished is
 * skipped, a run killed midway (only a hidden {@code .tmp-*} folder) resumes from its checkpoint
 * or, without one, restarts from scratch, and
 * a failed run is recorded and the sweep goes on. Each run is claimed with a file lock, so several
 * processes (or machines on a file system with working locks) can work through one sweep
 * together: a run another process holds is skipped, and taken over at the end of the pass if its
 * holder has died meanwhile (its lock vanished with it).
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
   * @param elsewhere ids of runs another live process was running (still held at the end)
   */
  public record Summary(List<RunOutcome> finished, List<String> skipped, List<RunOutcome> failed,
      List<String> elsewhere) {}

  /** What one attempt at a run came to. */
  private enum Attempt { RAN, FINISHED_BEFORE, HELD }

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
   * Runs every run not yet finished. A run another process holds is skipped and looked at again
   * once the others are done: if its holder has died meanwhile (its lock vanished with it), this
   * worker takes it over.
   *
   * @throws CancellationException when the thread is interrupted (checked before each run; an
   *     interrupted run itself is recorded as failed first)
   * @throws io.dpfah.results.FileClaim.LocksUnsupportedException when the results folder's file
   *     system has no working locks
   */
  public Summary run(List<SweepRun> runs) {
    List<RunOutcome> finished = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<RunOutcome> failed = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      checkInterrupt(i, runs.size(), finished, failed);
      SweepRun r = runs.get(i);
      String tag = "[" + (i + 1) + "/" + runs.size() + "] " + r.runId();
      Attempt a = attempt(r, tag, finished, failed);
      if (a == Attempt.FINISHED_BEFORE) {
        skipped.add(r.runId());
      } else if (a == Attempt.HELD) {
        out.println(tag + ": running in another process, skipped (looked at again at the end)");
        held.add(i);
      }
    }
    List<String> elsewhere = new ArrayList<>();
    for (int i : held) {
      checkInterrupt(i, runs.size(), finished, failed);
      SweepRun r = runs.get(i);
      String tag = "[" + (i + 1) + "/" + runs.size() + "] " + r.runId();
      Attempt a = attempt(r, tag + " (its holder has gone)", finished, failed);
      if (a == Attempt.FINISHED_BEFORE) {
        skipped.add(r.runId());
      } else if (a == Attempt.HELD) {
        out.println(tag + ": still running in another process");
        elsewhere.add(r.runId());
      }
    }
    out.printf("sweep: %d finished, %d skipped (already finished), %d failed%s%n",
        finished.size(), skipped.size(), failed.size(),
        elsewhere.isEmpty() ? "" : ", " + elsewhere.size() + " running in other processes");
    for (RunOutcome f : failed) {
      out.printf("  failed %s: %s%n", f.runId(), f.error());
    }
    return new Summary(finished, skipped, failed, elsewhere);
  }

  private static void checkInterrupt(int i, int n, List<RunOutcome> finished,
      List<RunOutcome> failed) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("sweep interrupted before run " + (i + 1) + "/" + n
          + " (" + finished.size() + " finished, " + failed.size() + " failed)");
    }
  }

  /** Claims and executes one run unless it is finished or another process holds it. */
  private Attempt attempt(SweepRun r, String tag, List<RunOutcome> finished,
      List<RunOutcome> failed) {
    Path expDir = resultsRoot.resolve(r.spec().name());
    Path dir = expDir.resolve(r.runId());
    if (!force && RunWriter.isFinished(dir)) {
      String note = sameSpec(dir, r.spec()) ? "" : " (its spec.yaml differs from the sweep's now;"
          + " pass --force or delete the folder to rerun it)";
      out.printf("%s: already finished, skipped%s%n", tag, note);
      return Attempt.FINISHED_BEFORE;
    }
    try (RunLock lock = RunLock.tryAcquire(expDir, r.runId())) {
      if (lock == null) {
        return Attempt.HELD;
      }
      if (!force && RunWriter.isFinished(dir)) {
        out.printf("%s: already finished (by another process), skipped%n", tag);
        return Attempt.FINISHED_BEFORE;
      }
      removeStaleTemporaries(expDir, r.runId(), force);
      out.println(tag);
      RunOutcome o = runner.run(r.spec(), r.runId(), r.variant());
      (o.finished() ? finished : failed).add(o);
      return Attempt.RAN;
    }
  }

  /**
   * Whether the run's {@code spec.yaml}, resolved with today's defaults, is the sweep's spec: a
   * field added since the run was made, at its default, is no difference.
   */
  static boolean sameSpec(Path runDir, ExperimentSpec spec) {
    try {
      String written = Files.readString(runDir.resolve("spec.yaml"));
      String now = SpecWriter.toYaml(spec);
      return written.equals(now) || SpecWriter.toYaml(
          SpecLoader.parse(written, runDir.resolve("spec.yaml").toString(), List.of())).equals(now);
    } catch (IOException | SpecException e) {
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
        PathUtils.deleteDirectory(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean stale work folders in " + expDir, e);
    }
  }
}
