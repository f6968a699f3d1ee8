package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dpfah.spec.OptimSpec;
import io.dpfah.weights.StateDict;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's optimisers own their state: Adam and SGD give DJL's own optimisers' results bit
 * for bit; RMSprop follows PyTorch's formula; and an optimiser saved midway, written to a file,
 * read back into a fresh one under new parameter ids continues exactly as the uninterrupted one.
 */
class CheckpointedOptimizerTest {
  @TempDir Path tmp;

  /** A rate that changes every update, so a wrong update count would show. */
  private static final Tracker RATE = n -> 0.01f / (1 + 0.3f * n);

  private static final int STEPS = 6;

  /** Gradient k of parameter p: fixed pseudo-random values, some tiny, some large. */
  private static float[] grad(int p, int k, int n) {
    SplittableRandom r = new SplittableRandom(31L * p + k);
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      g[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 1e-6 : 0.5));
    }
    return g;
  }

  private static final float[][] START = {{0.5f, -1f, 2f, 0.25f, -0.75f}, {3f, -2f, 1e-3f}};

  /** Runs updates {@code from..to-1} on the two parameters (ids {@code ids}); returns weights. */
  private static void steps(Optimizer opt, NDArray[] w, String[] ids, int from, int to) {
    for (int k = from; k < to; k++) {
      for (int p = 0; p < w.length; p++) {
        try (NDArray g = w[p].getManager().create(grad(p, k, (int) w[p].size()))) {
          opt.update(ids[p], w[p], g);
        }
      }
    }
  }

  private static float[][] train(Supplier<Optimizer> make) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray[] w = {m.create(START[0]), m.create(START[1])};
      steps(make.get(), w, new String[] {"a", "b"}, 0, STEPS);
      return new float[][] {w[0].toFloatArray(), w[1].toFloatArray()};
    }
  }

  @Test
  void adamAndSgdEqualDjlsOwnBitForBit() {
    assertArrayEquals2(train(() -> Optimizer.adam().optLearningRateTracker(RATE)
        .optWeightDecays(1e-2f).build()), train(() -> new AdamOptimizer(RATE, 1e-2f)), "adam");
    assertArrayEquals2(train(() -> Optimizer.sgd().setLearningRateTracker(RATE).optMomentum(0.9f)
        .optWeightDecays(1e-2f).build()), train(() -> new SgdOptimizer(RATE, 0.9f, 1e-2f)),
        "sgd with momentum");
    assertArrayEquals2(train(() -> Optimizer.sgd().setLearningRateTracker(RATE)
        .optWeightDecays(0f).build()), train(() -> new SgdOptimizer(RATE, 0f, 0f)), "plain sgd");
  }

  /** torch.optim.RMSprop's update in double: α 0.99, ε 1e-8, L2 decay λ, momentum μ. */
  @Test
  void rmspropFollowsPyTorchsFormula() {
    float mu = 0.9f;
    float lambda = 1e-2f;
    float[][] got = train(() -> new RmsPropOptimizer(RATE, mu, lambda));
    for (int p = 0; p < 2; p++) {
      int n = START[p].length;
      double[] w = new double[n];
      double[] v = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = START[p][i];
      }
      for (int k = 0; k < STEPS; k++) {
        float[] g = grad(p, k, n);
        double lr = RATE.getNewValue(k + 1);
        for (int i = 0; i < n; i++) {
          double gi = g[i] + lambda * w[i];
          v[i] = 0.99 * v[i] + 0.01 * gi * gi;
          b[i] = mu * b[i] + gi / (Math.sqrt(v[i]) + 1e-8);
          w[i] -= lr * b[i];
        }
      }
      for (int i = 0; i < n; i++) {
        assertEquals(w[i], got[p][i], 1e-5 * Math.max(1, Math.abs(w[i])),
            "parameter " + p + "[" + i + "]");
      }
      assertFalse(Arrays.equals(START[p], got[p]), "the weights moved");
    }
  }

  @Test
  void savedMidwayAndRestoredUnderNewIdsItContinuesExactly() {
    OptimSpec backboneSpec = new OptimSpec("adam", 0.01, 0.9, 1e-2, 2, 1, "none", 1, 0.1, 0, 0.1);
    Map<String, Supplier<CheckpointedOptimizer>> kinds = new LinkedHashMap<>();
    kinds.put("adam", () -> new AdamOptimizer(RATE, 1e-2f));
    kinds.put("sgd", () -> new SgdOptimizer(RATE, 0.9f, 1e-2f));
    kinds.put("rmsprop", () -> new RmsPropOptimizer(RATE, 0.9f, 1e-2f));
    kinds.put("backbone_lr_mult", () -> Optimizers.create(backboneSpec, RATE, Set.of("a")));
    for (Map.Entry<String, Supplier<CheckpointedOptimizer>> e : kinds.entrySet()) {
      Supplier<CheckpointedOptimizer> kind = e.getValue();
      float[][] straight;
      try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
        NDArray[] w = {m.create(START[0]), m.create(START[1])};
        steps(kind.get(), w, new String[] {"a", "b"}, 0, STEPS);
        straight = new float[][] {w[0].toFloatArray(), w[1].toFloatArray()};
      }
      Path file = tmp.resolve("opt.safetensors");
      float[][] saved;
      try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
        NDArray[] w = {m.create(START[0]), m.create(START[1])};
        CheckpointedOptimizer first = kind.get();
        steps(first, w, new String[] {"a", "b"}, 0, 3);
        StateDict d = new StateDict();
        first.save(d, "opt/", params(new String[] {"a", "b"}, w));
        d.write(file);
        saved = new float[][] {w[0].toFloatArray(), w[1].toFloatArray()};
      }
      float[][] resumed;
      try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
          StateDict d = StateDict.read(file)) {
        NDArray[] w = {m.create(saved[0]), m.create(saved[1])};
        // the rebuilt network's parameters have new ids; the backbone set follows the name
        CheckpointedOptimizer second = e.getKey().equals("backbone_lr_mult")
            ? Optimizers.create(backboneSpec, RATE, Set.of("a2")) : kind.get();
        String[] ids = {"a2", "b2"};
        second.load(d, "opt/", params(ids, w));
        steps(second, w, ids, 3, STEPS);
        resumed = new float[][] {w[0].toFloatArray(), w[1].toFloatArray()};
      }
      assertArrayEquals2(straight, resumed, "resumed " + e.getKey());
    }
  }

  private static CheckpointedOptimizer.Parameters params(String[] ids, NDArray[] w) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    String[] byName = {"layer_weight", "hash_bias"};
    for (int p = 0; p < w.length; p++) {
      names.put(ids[p], byName[p]);
      arrays.put(byName[p], w[p]);
    }
    return new CheckpointedOptimizer.Parameters(names, arrays);
  }

  private static void assertArrayEquals2(float[][] expected, float[][] actual, String what) {
    for (int p = 0; p < expected.length; p++) {
      assertArrayEquals(expected[p], actual[p], what + ", parameter " + p);
      assertFalse(Arrays.equals(START[p], actual[p]), what + ": the weights moved");
    }
  }
}
