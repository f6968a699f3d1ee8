package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dpfah.loss.FiniteDifferences;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterFreeAttentionTest {

  private static float[] forward(NDManager m, ParameterFreeAttention pfa, NDArray x) {
    pfa.initialize(m, DataType.FLOAT32, x.getShape());
    return pfa.forward(new ParameterStore(m, false), new NDList(x), false)
        .singletonOrThrow()
        .toFloatArray();
  }

  @Test
  void matchesHandComputedExample() {
    // x = [[1, 2], [3, 4]] (1×1×2×2), λ = 1e-4.
    // mean = 2.5; d = (x - mean)² = [2.25, 0.25, 0.25, 2.25]; n = 4 - 1 = 3; Σd / n = 5/3.
    // 4·(5/3 + 1e-4) = 6.6670667; y = d / 6.6670667 + 0.5 = [0.8374798, 0.5374978, ...].
    // sigmoid(0.8374798) = 0.6979342, sigmoid(0.5374978) = 0.6312301.
    // out = x·sigmoid(y) = [0.6979342, 1.2624603, 1.8936904, 2.7917366].
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
      ParameterFreeAttention pfa = new ParameterFreeAttention(1, 1e-4);
      assertArrayEquals(
          new float[] {0.6979342f, 1.2624603f, 1.8936904f, 2.7917366f},
          forward(m, pfa, x),
          1e-5f);
      assertArrayEquals(
          new float[] {0.6979342f, 0.6312301f, 0.6312301f, 0.6979342f},
          pfa.attentionMap(x).toFloatArray(),
          1e-5f);
    }
  }

  @Test
  void statisticsArePerSampleAndChannel() {
    // Channel 0 = the hand example; channel 1 is constant 7 (d = 0 → y = 0.5 everywhere);
    // sample 1 = sample 0 + 10 (shift-invariant: same weights, out = (x+10)·w).
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] data = {1, 2, 3, 4, 7, 7, 7, 7, 11, 12, 13, 14, 17, 17, 17, 17};
      NDArray x = m.create(data, new Shape(2, 2, 2, 2));
      float[] w = new ParameterFreeAttention(2, 1e-4).attentionMap(x).toFloatArray();
      float s05 = 0.6224593f; // sigmoid(0.5)
      float[] expected = {
        0.6979342f, 0.6312301f, 0.6312301f, 0.6979342f, s05, s05, s05, s05,
        0.6979342f, 0.6312301f, 0.6312301f, 0.6979342f, s05, s05, s05, s05
      };
      assertArrayEquals(expected, w, 1e-5f);
    }
  }

  @Test
  void singlePixelMapIsGuarded() {
    // 1×1 map: d = 0, Σd = 0, n clamped to 1 → y = 0 / (4λ) + 0.5 = 0.5 exactly.
    // out = x·sigmoid(0.5) = [3·0.6224593, -2·0.6224593] = [1.8673780, -1.2449187], no NaN.
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray x = m.create(new float[] {3, -2}, new Shape(1, 2, 1, 1));
      assertArrayEquals(
          new float[] {1.8673780f, -1.2449187f},
          forward(m, new ParameterFreeAttention(2, 1e-4), x),
          1e-5f);
    }
  }

  @Test
  void hasNoParametersAndRejectsNonPositiveLambda() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      ParameterFreeAttention pfa = new ParameterFreeAttention(8, 1e-4);
      pfa.initialize(m, DataType.FLOAT32, new Shape(2, 8, 4, 4));
      assertEquals(0, pfa.getParameters().size());
      assertEquals(0, pfa.parameterFormula(8));
    }
    ModelException e = assertThrows(ModelException.class, () -> new ParameterFreeAttention(4, 0));
    assertEquals("model.lambda: expected a finite value > 0, got 0.0", e.getMessage());
  }

  /** L = Σ pfa(x)·R for a fixed random R: its gradient covers every path through mean and v. */
  private static double[] gradientCheck(NDManager m, Shape shape, double lambda, long seed) {
    Random rnd = new Random(seed);
    double[] x0 = new double[(int) shape.size()];
    double[] r = new double[x0.length];
    for (int i = 0; i < x0.length; i++) {
      x0[i] = rnd.nextGaussian();
      r[i] = rnd.nextGaussian();
    }
    NDArray proj = m.create(r, shape);
    ParameterFreeAttention pfa = new ParameterFreeAttention((int) shape.get(1), lambda);
    pfa.initialize(m, DataType.FLOAT64, shape);
    return FiniteDifferences.check(m, x0, shape,
        x -> pfa.forward(new ParameterStore(x.getManager(), false), new NDList(x), true)
            .singletonOrThrow().mul(proj).sum(),
        "pfa " + shape + " λ=" + lambda);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      gradientCheck(m, new Shape(2, 3, 4, 4), 1e-4, 1);
      gradientCheck(m, new Shape(1, 2, 2, 3), 0.5, 2);
      // 1×1 maps: out = x·sigmoid(0.5), so dL/dx = sigmoid(0.5)·R exactly
      Shape one = new Shape(2, 3, 1, 1);
      double[] g = gradientCheck(m, one, 1e-4, 3);
      Random rnd = new Random(3);
      for (int i = 0; i < g.length; i++) {
        rnd.nextGaussian();
        double r = rnd.nextGaussian();
        assertEquals(r / (1 + Math.exp(-0.5)), g[i], 1e-12);
      }
    }
  }
}
