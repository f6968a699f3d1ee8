package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import io.dpfah.model.FusedOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused Adam step ({@link AdamOptimizer#updateAll}, libtorch's {@code _fused_adam_}) against
 * DJL's update written out in double precision, and against the per-parameter path it replaces:
 * the same update to float rounding, gradients cleared afterwards, bad arguments refused before
 * any native call.
 */
class FusedAdamTest {
  private static final Tracker RATE = n -> 0.01f / (1 + 0.3f * n);
  private static final float DECAY = 1e-2f;
  private static final int STEPS = 8;
  /** Shapes of the parameters: one above ATen's parallel grain (32,768), a matrix, a vector. */
  private static final int[][] SHAPES = {{70_000}, {33, 17}, {5}};

  private static float[] values(long seed, int n, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 1e-6 : scale));
    }
    return v;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static long[] longs(int[] shape) {
    long[] s = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      s[i] = shape[i];
    }
    return s;
  }

  /** Runs STEPS updates on fresh parameters; fused or per parameter. Returns the weights. */
  private static float[][] train(boolean fused) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      List<CheckpointedOptimizer.Trainable> params = new ArrayList<>();
      for (int p = 0; p < SHAPES.length; p++) {
        NDArray w = m.create(values(p, size(SHAPES[p]), 1.0), new Shape(longs(SHAPES[p])));
        w.setRequiresGradient(true);
        params.add(new CheckpointedOptimizer.Trainable("p" + p, w));
      }
      AdamOptimizer opt = new AdamOptimizer(RATE, DECAY);
      if (fused) {
        assertTrue(opt.canUpdateAll(params), "the fused path is available here");
      }
      for (int k = 0; k < STEPS; k++) {
        try (NDManager step = m.newSubManager()) {
          List<NDArray> targets = new ArrayList<>();
          for (int p = 0; p < SHAPES.length; p++) {
            targets.add(step.create(values(100L * p + k, size(SHAPES[p]), 0.5),
                new Shape(longs(SHAPES[p]))));
          }
          try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray loss = null;
            for (int p = 0; p < SHAPES.length; p++) {
              NDArray term = params.get(p).weight().mul(targets.get(p)).sum();
              loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
          }
          if (fused) {
            opt.updateAll(params);
          } else {
            for (CheckpointedOptimizer.Trainable t : params) {
              try (NDArray g = t.weight().getGradient().duplicate()) {
                opt.update(t.id(), t.weight(), g);
              }
            }
          }
          if (fused) {
            for (CheckpointedOptimizer.Trainable t : params) {
              try (NDArray g = t.weight().getGradient()) {
                assertEquals(0f, g.abs().max().getFloat(), "gradient cleared after step " + k);
              }
            }
          }
        }
      }
      float[][] out = new float[SHAPES.length][];
      for (int p = 0; p < SHAPES.length; p++) {
        out[p] = params.get(p).weight().toFloatArray();
      }
      return out;
    }
  }

  /** DJL's Adam (ε added to √v, then the corrected rate), in double, on the same gradients. */
  private static double[][] formula() {
    double[][] out = new double[SHAPES.length][];
    for (int p = 0; p < SHAPES.length; p++) {
      int n = size(SHAPES[p]);
      float[] w0 = values(p, n, 1.0);
      double[] w = new double[n];
      double[] mean = new double[n];
      double[] var = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = w0[i];
      }
      for (int k = 0; k < STEPS; k++) {
        float[] g = values(100L * p + k, n, 0.5);
        int t = k + 1;
        double corrected = RATE.getNewValue(t) * Math.sqrt(1 - Math.pow(0.999, t))
            / (1 - Math.pow(0.9, t));
        for (int i = 0; i < n; i++) {
          double gi = g[i] + (double) DECAY * w[i];
          mean[i] = 0.9 * mean[i] + 0.1 * gi;
          var[i] = 0.999 * var[i] + 0.001 * gi * gi;
          w[i] -= corrected * mean[i] / (Math.sqrt(var[i]) + 1e-8);
        }
      }
      out[p] = w;
    }
    return out;
  }

  @Test
  void fusedStepIsDjlsAdamToFloatRounding() {
    assumeTrue(FusedOps.platformSupported(), "the bindings are for x86-64 Linux");
    assertEquals(Optional.empty(), FusedOps.unavailable(), "fused kernels bound");
    float[][] fused = train(true);
    float[][] perParameter = train(false);
    double[][] exact = formula();
    double worstFused = 0;
    double worstPerParameter = 0;
    double worstBetween = 0;
    for (int p = 0; p < SHAPES.length; p++) {
      for (int i = 0; i < exact[p].length; i++) {
        // float32 rounding of m/(√v+ε) is ~1e-7 of a step of size lr (0.01 at most): weights
        // near zero are compared against that
        double scale = Math.max(0.01, Math.abs(exact[p][i]));
        worstFused = Math.max(worstFused, Math.abs(fused[p][i] - exact[p][i]) / scale);
        worstPerParameter =
            Math.max(worstPerParameter, Math.abs(perParameter[p][i] - exact[p][i]) / scale);
        worstBetween = Math.max(worstBetween, Math.abs(fused[p][i] - perParameter[p][i]) / scale);
      }
      assertTrue(fused[p][0] != values(p, 1, 1.0)[0], "the weights moved");
    }
    System.out.printf("fused vs per-parameter %.2e, vs double %.2e (per-parameter %.2e)%n",
        worstBetween, worstFused, worstPerParameter);
    // where √v is near ε (gradients ~1e-6) the step direction amplifies float32 rounding, in
    // both paths alike: each is within 1e-4 of a step of the double-precision update
    assertTrue(worstPerParameter < 1e-4, "per-parameter path vs formula: " + worstPerParameter);
    assertTrue(worstFused < 1e-4, "fused path vs formula: " + worstFused);
    assertTrue(worstBetween < 1e-5, "fused vs per-parameter path: " + worstBetween);
  }

  @Test
  void badArgumentsAreRefusedBeforeTheNativeCall() {
    assumeTrue(FusedOps.platformSupported(), "the bindings are for x86-64 Linux");
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray w = m.create(new float[] {1, 2, 3});
      NDArray g = m.create(new float[] {1, 1, 1});
      NDArray shorter = m.create(new float[] {0, 0});
      NDArray step = m.create(1f);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> FusedOps.adam(List.of(w), List.of(g), List.of(shorter), List.of(g), step, 0.1,
              0.9, 0.999, 0, 1e-8));
      assertTrue(e.getMessage().contains("(3) but its state has (2)"), e.getMessage());
      NDArray ints = m.create(new int[] {1, 2, 3});
      e = assertThrows(IllegalArgumentException.class,
          () -> FusedOps.adam(List.of(w), List.of(ints), List.of(g), List.of(g), step, 0.1,
              0.9, 0.999, 0, 1e-8));
      assertTrue(e.getMessage().contains("not int32"), e.getMessage());
      assertArrayEquals(new float[] {1, 2, 3}, w.toFloatArray(), "nothing changed");
    }
  }
}
