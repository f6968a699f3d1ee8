package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import io.dpfah.spec.OptimSpec;
import org.junit.jupiter.api.Test;

/**
 * The schedule as DJL's optimisers see it. Expected rates follow PyTorch's per-batch schedulers:
 * update k (0-based) of T = epochs · steps updates gets {@code base · (1 + cos(π k / T)) / 2}
 * (CosineAnnealingLR with T_max = T), after a linear warm-up reaching base at its last update.
 */
class LearningRateScheduleTest {

  private static OptimSpec sgd(String schedule, int epochs, int warmup) {
    return new OptimSpec("sgd", 0.1, 0.0, 0.0, 8, epochs, schedule, 10, 0.1, warmup);
  }

  private static double cosine(double base, int k, int total) {
    return base * (1 + Math.cos(Math.PI * k / total)) / 2;
  }

  /**
   * Plain SGD (momentum 0, no weight decay) on a gradient of 1 moves the weight by exactly the
   * learning rate of each update, so the rates DJL applied can be read off the weight.
   */
  private static double[] appliedRates(OptimSpec spec, int stepsPerEpoch) {
    int updates = spec.epochs() * stepsPerEpoch;
    double[] rates = new double[updates];
    Optimizer opt = Optimizers.create(spec, new LearningRateSchedule(spec, stepsPerEpoch));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray w = m.zeros(new Shape(1));
      for (int k = 0; k < updates; k++) {
        float before = w.getFloat(0);
        opt.update("w", w, m.ones(w.getShape()));
        rates[k] = before - w.getFloat(0);
      }
    }
    return rates;
  }

  @Test
  void cosineStartsAtTheBaseRateAndNeverWastesTheLastUpdate() {
    double[] applied = appliedRates(sgd("cosine", 2, 0), 4);
    for (int k = 0; k < applied.length; k++) {
      assertEquals(cosine(0.1, k, 8), applied[k], 1e-7, "update " + k);
    }
    // the last update still moves the weights: base · (1 + cos(7π/8)) / 2 = 0.0038060
    assertEquals(0.0038060, applied[7], 1e-6);
  }

  @Test
  void warmUpRisesLinearlyToTheBaseRateThenAnneals() {
    // 1 warm-up epoch of 2 updates: 0.05, 0.1; then cosine over the remaining epoch: 0.1, 0.05
    double[] applied = appliedRates(sgd("cosine", 2, 1), 2);
    double[] expected = {0.05, 0.1, 0.1, 0.05};
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], applied[k], 1e-7, "update " + k);
    }
  }

  @Test
  void constantAndStepSchedules() {
    double[] constant = appliedRates(sgd("none", 2, 0), 3);
    for (double r : constant) {
      assertEquals(0.1, r, 1e-7);
    }
    OptimSpec step = new OptimSpec("sgd", 0.1, 0.0, 0.0, 8, 3, "step", 1, 0.5, 0);
    double[] applied = appliedRates(step, 2);
    double[] expected = {0.1, 0.1, 0.05, 0.05, 0.025, 0.025};
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], applied[k], 1e-7, "update " + k);
    }
  }

  @Test
  void ofUpdateCountsFromZeroAndTrackerFromOne() {
    LearningRateSchedule s = new LearningRateSchedule(sgd("cosine", 1, 0), 4);
    assertEquals(0.1, s.ofUpdate(0), 1e-12);
    assertEquals(cosine(0.1, 3, 4), s.ofUpdate(3), 1e-12);
    assertEquals((float) s.ofUpdate(0), s.getNewValue(1));
    assertEquals((float) s.ofUpdate(3), s.getNewValue(4));
  }
}
