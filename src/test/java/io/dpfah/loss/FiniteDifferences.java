package io.dpfah.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Compares DJL's autograd gradient of a scalar function of one float64 array with central
 * differences. In float64 with step h the difference quotient errs by about h²·|f'''|/6 (the
 * truncation) plus 2⁻⁵²·|f|/h (the rounding); with h = 1e-5 and the O(1) functions of the tests
 * that is ~1e-10, so a tolerance of 1e-6 of the largest gradient component leaves four orders of
 * magnitude while any wrong formula (a missing factor, a term without gradient) fails by O(1).
 */
public final class FiniteDifferences {
  /** Step of the central differences. */
  public static final double H = 1e-5;

  /** Allowed deviation, relative to the largest gradient component. */
  public static final double TOLERANCE = 1e-6;

  private FiniteDifferences() {}

  /**
   * Asserts that the autograd gradient of {@code f} at {@code x0} (an array of {@code shape},
   * created as float64) equals its central differences.
   *
   * @param f a scalar function; must build its result from its argument with DJL ops
   * @return the autograd gradient, for further checks
   */
  public static double[] check(NDManager m, double[] x0, Shape shape,
      Function<NDArray, NDArray> f, String what) {
    double[] autograd;
    try (NDManager sub = m.newSubManager()) {
      NDArray x = sub.create(x0.clone(), shape);
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray y = f.apply(x);
        assertEquals(DataType.FLOAT64, y.getDataType(), what + ": dtype");
        gc.backward(y);
      }
      autograd = x.getGradient().toDoubleArray();
    }
    double scale = 0;
    for (double g : autograd) {
      scale = Math.max(scale, Math.abs(g));
    }
    assertTrue(scale > 1e-3, what + ": gradient is (almost) zero, the check would be empty");
    for (int i = 0; i < x0.length; i++) {
      double numeric = (value(m, x0, shape, f, i, H) - value(m, x0, shape, f, i, -H)) / (2 * H);
      assertEquals(numeric, autograd[i], TOLERANCE * scale,
          what + ": d/dx[" + i + "] autograd " + autograd[i] + " vs finite difference " + numeric);
    }
    return autograd;
  }

  private static double value(NDManager m, double[] x0, Shape shape,
      Function<NDArray, NDArray> f, int i, double step) {
    double[] x = x0.clone();
    x[i] += step;
    try (NDManager sub = m.newSubManager()) {
      return f.apply(sub.create(x, shape)).getDouble();
    }
  }
}
