package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.ClaimHolder;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunWriter;
import io.dpfah.spec.SweepPlan;
import io.dpfah.spec.SweepRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume semantics with a fake run function that writes run folders like the real executor. */
class SweepRunnerTest {
  @TempDir Path results;

  private static final String SPEC = """
      name: resume
      data: {dataset: synthetic}
      sweep:
        mode: grid
        axes:
          model.attention: [none, pfa]
          hash.bits: [16, 32]
      """;

  /** Writes a run the way RunExecutor does; crashes (as a kill would) on the given call. */
  private static final class FakeRuns implements SweepRunner.RunFunction {
    final Path root;
    final int crashOn;
    final List<String> calls = new ArrayList<>();

    FakeRuns(Path root, int crashOn) {
      this.root = root;
      this.crashOn = crashOn;
    }

    @Override
    public RunOutcome run(io.dpfah.spec.ExperimentSpec spec, String runId, Map<String, Object> v) {
      calls.add(runId);
      RunWriter w = RunWriter.begin(root.resolve(spec.name()), runId, false);
      w.writeText("spec.yaml", "partial");
      if (calls.size() == crashOn) {
        throw new Error("killed");  // the JVM dies midway: the .tmp folder stays behind
      }
      boolean fail = runId.contains("bits=32") && runId.contains("none");
      Path dir = w.commit(new RunMetrics(null, runId, fail ? "failed" : "finished",
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null));
      return new RunOutcome(runId, dir, !fail, fail ? "boom" : null, RunMetrics.EMPTY);
    }
  }

  @Test
  void aKilledSweepResumesWithoutLosingOrRepeatingFinishedRuns() throws Exception {
    List<SweepRun> runs = SweepPlan.expand(SPEC, "resume.yaml", List.of());
    assertEquals(4, runs.size());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    FakeRuns first = new FakeRuns(results, 3);
    assertThrows(Error.class, () -> new SweepRunner(results, first, quiet, false).run(runs));
    assertEquals(3, first.calls.size());

    FakeRuns second = new FakeRuns(results, -1);
    SweepRunner.Summary s = new SweepRunner(results, second, quiet, false).run(runs);
    // run 1 finished and is skipped; run 2 failed and is retried; run 3 was killed and
    // restarts; run 4 never started
    assertEquals(List.of(runs.get(1).runId(), runs.get(2).runId(), runs.get(3).runId()),
        second.calls);
    assertEquals(List.of(runs.get(0).runId()), s.skipped());
    assertEquals(1, s.failed().size());
    for (SweepRun r : runs) {
      assertTrue(Files.isDirectory(results.resolve("resume").resolve(r.runId())), r.runId());
    }
    try (Stream<Path> leftovers = Files.list(results.resolve("resume"))) {
      assertEquals(0, leftovers.filter(p -> p.getFileName().toString().startsWith(".tmp")).count(),
          "the killed attempt's work folder is cleaned up when the run restarts");
    }

    FakeRuns third = new FakeRuns(results, -1);
    new SweepRunner(results, third, quiet, false).run(runs);
    assertEquals(List.of(runs.get(1).runId()), third.calls, "only the failed run is retried");
  }

  @Test
  void aRunWhoseHolderWasKilledIsPickedUpByTheNextWorker() throws Exception {
    List<SweepRun> runs = SweepPlan.expand(SPEC, "resume.yaml", List.of());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path exp = results.resolve("resume");
    String held = runs.get(2).runId();
    Path work = exp.resolve(".tmp-" + held + "-123");
    Process holder = ClaimHolder.start(RunLock.lockFile(exp, held), work);
    try {
      FakeRuns first = new FakeRuns(results, -1);
      SweepRunner.Summary s = new SweepRunner(results, first, quiet, false).run(runs);
      assertEquals(List.of(runs.get(0).runId(), runs.get(1).runId(), runs.get(3).runId()),
          first.calls, "the run another live process holds is left to it");
      assertEquals(List.of(held), s.elsewhere());
      assertTrue(Files.isDirectory(work), "its work folder is the holder's");
    } finally {
      ClaimHolder.kill(holder);
    }
    FakeRuns next = new FakeRuns(results, -1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SweepRunner.Summary s = new SweepRunner(results, next, new PrintStream(log, true), false)
        .run(runs);
    // runs 0 and 3 finished before; run 1 (attention=none,bits=32) failed and is retried
    assertEquals(List.of(runs.get(1).runId(), held), next.calls, log.toString());
    assertTrue(RunWriter.isFinished(exp.resolve(held)));
    assertFalse(Files.exists(work), "the dead holder's work folder is cleaned up");
    assertEquals(List.of(), s.elsewhere());
  }

  @Test
  void aHolderThatDiesWhileThisWorkerIsBusyIsTakenOverAtTheEnd() throws Exception {
    List<SweepRun> runs = SweepPlan.expand(SPEC, "resume.yaml", List.of());
    Path exp = results.resolve("resume");
    String held = runs.get(0).runId();
    Process holder = ClaimHolder.start(RunLock.lockFile(exp, held));
    List<String> calls = new ArrayList<>();
    FakeRuns fake = new FakeRuns(results, -1);
    SweepRunner.RunFunction killsHolderOnFirstCall = (spec, id, v) -> {
      calls.add(id);
      if (calls.size() == 1) {
        try {
          ClaimHolder.kill(holder);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return fake.run(spec, id, v);
    };
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SweepRunner.Summary s = new SweepRunner(results, killsHolderOnFirstCall,
        new PrintStream(log, true), false).run(runs);
    assertEquals(List.of(runs.get(1).runId(), runs.get(2).runId(), runs.get(3).runId(), held),
        calls, "run 1 first skipped as held, then taken over once its holder had died");
    assertTrue(log.toString().contains("[1/4] " + held + " (its holder has gone)"),
        log.toString());
    assertEquals(List.of(), s.elsewhere());
    assertEquals(3, s.finished().size());
  }

  @Test
  void aFinishedRunsSpecIsComparedWithTodaysDefaultsFilledIn() throws Exception {
    SweepRun run = SweepPlan.expand(SPEC, "resume.yaml", List.of()).get(0);
    String now = io.dpfah.spec.SpecWriter.toYaml(run.spec());
    assertTrue(now.contains("  from_run: null\n"), now);
    Path dir = Files.createDirectories(results.resolve("run"));
    // written before model.from_run existed: the field is missing, its default is null
    Files.writeString(dir.resolve("spec.yaml"), now.replace("  from_run: null\n", ""));
    assertTrue(SweepRunner.sameSpec(dir, run.spec()));
    Files.writeString(dir.resolve("spec.yaml"), now.replace("bits: 16", "bits: 24"));
    assertFalse(SweepRunner.sameSpec(dir, run.spec()));
    Files.writeString(dir.resolve("spec.yaml"), now.replace("model:", "model: ["));
    assertFalse(SweepRunner.sameSpec(dir, run.spec()));
  }
}
