package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
          null, null));
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
}
