package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.spec.SweepPlan;
import io.dpfah.train.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notebook's interrupt (any thread interrupt) stops a run between batches and a sweep between runs. */
class RunInterruptTest {
  private static final String SPEC = """
      name: interrupted
      data:
        dataset: synthetic
        image_size: 8
        normalization: none
        synthetic: {classes: 2, train_per_class: 4, query_per_class: 2, database_per_class: 4}
      model: {stem: cifar}
      optim: {batch_size: 4, epochs: 3, schedule: none}
      eval: {topk: [all], precision_at: [1]}
      """;

  @TempDir Path out;

  /** Progress output that interrupts the printing thread at the line starting with {@code at}. */
  private static Progress.Factory interruptingAt(String at) {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream()) {
      @Override
      public void println(String line) {
        if (line.startsWith(at)) {
          Thread.currentThread().interrupt();
        }
      }
    };
    return epochs -> new Progress(sink, false, epochs);
  }

  @Test
  void anInterruptedRunStopsAtTheNextBatchIsRecordedAsFailedAndKeepsTheInterrupt()
      throws Exception {
    ExperimentSpec spec = SpecLoader.parse(SPEC, "interrupted.yaml", List.of());
    RunOutcome o;
    boolean interrupted;
    try {
      o = new RunExecutor(out, false, interruptingAt("epoch 1/3  batch 1/2")).run(spec, "r", Map.of());
    } finally {
      interrupted = Thread.interrupted();
    }
    assertTrue(interrupted, "the interrupt is kept for the caller");
    assertFalse(o.finished());
    assertEquals("interrupted (training, epoch 1 batch 2)", o.error());
    Path run = out.resolve("interrupted/r");
    assertEquals(1, Files.readAllLines(run.resolve("history.csv")).size(), "no epoch completed");
    List<String> log = Files.readAllLines(run.resolve("run.log"));
    assertTrue(log.get(log.size() - 1).endsWith(" run r FAILED: interrupted (training, epoch 1 batch 2)"),
        log.toString());
    assertTrue(Files.readString(run.resolve("error.txt")).startsWith(
        CancellationException.class.getName()));
  }

  @Test
  void anInterruptedSweepStopsBeforeItsNextRun() {
    String sweep = SPEC + "sweep:\n  axes:\n    seed: [1, 2, 3]\n";
    RunExecutor executor = new RunExecutor(out, false, interruptingAt("epoch 1/3  batch 1/2"));
    SweepRunner runner = new SweepRunner(out, executor::run,
        new PrintStream(OutputStream.nullOutputStream()), false);
    CancellationException e;
    try {
      e = assertThrows(CancellationException.class,
          () -> runner.run(SweepPlan.expand(sweep, "s.yaml", List.of())));
    } finally {
      Thread.interrupted();
    }
    assertEquals("sweep interrupted before run 2/3 (0 finished, 1 failed)", e.getMessage());
    assertTrue(Files.exists(out.resolve("interrupted/seed=1/run.log")));
    assertFalse(Files.exists(out.resolve("interrupted/seed=2")));
  }
}
