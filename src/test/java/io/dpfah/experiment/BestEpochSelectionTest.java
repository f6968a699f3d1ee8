package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.MetricsFile;
import io.dpfah.results.RunMetrics;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.train.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eval.select: best reports the epoch with the highest validation mAP, with that epoch's weights:
 * with a constant learning rate the first E epochs of a run do not depend on how many follow, so
 * a second run of exactly E epochs (select: last) must give the same figures and codes.
 */
class BestEpochSelectionTest {
  @TempDir Path tmp;

  private static final String SPEC = """
      name: best
      seed: 2
      threads: 1
      data:
        dataset: synthetic
        image_size: 8
        normalization: none
        workers: 1
        validation_per_class: 3
        synthetic: {classes: 3, train_per_class: 11, query_per_class: 4, database_per_class: 8,
                    noise: 0.6}
      model: {stem: cifar, freeze: [layer4]}
      hash: {bits: 16}
      optim: {batch_size: 8, epochs: 5, schedule: none, lr: 0.001}
      train: {checkpoint: false}
      eval: {topk: [all], precision_at: [1]}
      """;

  private RunOutcome run(String folder, String... overrides) {
    ExperimentSpec spec = SpecLoader.parse(SPEC, "best.yaml", List.of(overrides));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    RunOutcome o = new RunExecutor(tmp.resolve(folder), false,
        epochs -> new Progress(quiet, false, epochs)).run(spec, "run", Map.of());
    assertTrue(o.finished(), () -> "run failed: " + o.error());
    return o;
  }

  @Test
  void theReportedFiguresAreThoseOfTheChosenEpochsWeights() throws Exception {
    RunOutcome best = run("best", "eval.select=best");
    RunMetrics m = MetricsFile.read(best.runDir().resolve("metrics.json"));
    RunMetrics.Selection s = m.selection();
    assertEquals("best", s.select());
    assertEquals(5, s.epochs());
    assertEquals(9, s.numValidation(), "3 per class");
    assertEquals(24, s.numValidationDatabase(), "the 33 training images less the validation");
    List<String> history = Files.readAllLines(best.runDir().resolve("history.csv"));
    assertTrue(history.get(0).endsWith(",val_map_all"), history.get(0));
    double[] val = new double[5];
    for (int e = 1; e <= 5; e++) {
      String[] cells = history.get(e).split(",", -1);
      val[e - 1] = Double.parseDouble(cells[cells.length - 1]);
    }
    int chosen = s.epoch();
    // this spec's validation mAP peaks well before the end (0.49 at epoch 3, 0.42 at epoch 5), so
    // the reported figures come from weights put back after training
    assertTrue(chosen < 5, "the test needs an earlier best epoch: " + history);
    for (int e = 1; e <= 5; e++) {
      assertTrue(val[e - 1] <= val[chosen - 1], "epoch " + chosen + " is the argmax: " + history);
      if (e < chosen) {
        assertTrue(val[e - 1] < val[chosen - 1], "an earlier tie would have won: " + history);
      }
    }
    assertEquals(val[chosen - 1], s.validationMapAll(), 5e-6 * val[chosen - 1]);

    RunOutcome truncated = run("truncated", "optim.epochs=" + chosen);
    RunMetrics t = MetricsFile.read(truncated.runDir().resolve("metrics.json"));
    assertEquals(new RunMetrics.Selection("last", chosen, chosen, s.validationMapAll(), 9, 24),
        t.selection(), "the same epoch, trained on its own, has the same validation mAP");
    assertEquals(t.retrieval(), m.retrieval(), "figures of the chosen epoch's weights");
    assertEquals(t.classification(), m.classification());
    for (String codes : List.of("query_codes.npy", "db_codes.npy")) {
      assertArrayEquals(Files.readAllBytes(truncated.runDir().resolve(codes)),
          Files.readAllBytes(best.runDir().resolve(codes)), codes);
    }
    assertEquals(history.subList(0, chosen + 1),
        Files.readAllLines(truncated.runDir().resolve("history.csv")));
    assertNull(m.resumedFrom(), "ran in one go");
  }
}
