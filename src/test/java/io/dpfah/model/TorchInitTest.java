package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import io.dpfah.data.Labels;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.train.HashTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ResNet18 hashing network as a run builds it ({@link ModelFactory} → {@link HashTrainer},
 * whose constructor initialises the DJL trainer and applies {@link TorchInit}), checked layer by
 * layer against torchvision's conventions with expectations computed here from each weight's
 * shape.
 *
 * <p>Statistical tolerances: for n independent draws the sample standard deviation s has
 * relative standard error 1/√(2(n−1)) for a normal distribution and √(0.2/n) for a uniform one
 * (fourth moment b⁴/5); the sample mean has standard error σ/√n; the fraction of normal draws
 * within ±σ (0.6827; a uniform of the same σ gives 0.5774) has standard error √(p(1−p)/n).
 * Every check allows 5 standard errors (a false alarm about once in 1.7 million checks), so it
 * holds for any seed. Even so the checks separate the conventions that matter: fan_in instead
 * of fan_out changes the stem's std by √(64/3) and every stage's first conv by √2 (n ≥ 73,728,
 * tolerance 1.3%), a uniform instead of a normal moves the ±σ fraction by 0.105 (tolerance ≤ 0.024
 * for n ≥ 9,408).
 */
class TorchInitTest {

  private static final double SE = 5;

  /** A network built and initialised as a run does, with its trainer. */
  private record Built(Model model, HashTrainer trainer) implements AutoCloseable {
    Block block() {
      return model.getBlock();
    }

    @Override
    public void close() {
      trainer.close();
      model.close();
    }
  }

  private static Built build(String attention, long seed, boolean zeroInitResidual) {
    String yaml = """
        name: init
        seed: %d
        data: {dataset: synthetic, image_size: 32}
        model: {backbone: resnet18, stem: imagenet, attention: %s, zero_init_residual: %s}
        hash: {bits: 32}
        """.formatted(seed, attention, zeroInitResidual);
    ExperimentSpec spec = SpecLoader.parse(yaml, "init.yaml", List.of());
    Labels labels = Labels.ofClassIds(IntStream.range(0, 20).map(i -> i % 10).toArray(), 10);
    Model model = Model.newInstance("init", Device.cpu(), "PyTorch");
    model.setBlock(ModelFactory.build(spec.model(), spec.hash(), spec.classifier(),
        labels.numClasses()));
    return new Built(model, new HashTrainer(spec, model, labels, IntStream.range(0, 20).toArray()));
  }

  /** Every block of the tree with its path. */
  private static List<Pair<String, Block>> blocks(Block root) {
    List<Pair<String, Block>> out = new ArrayList<>();
    walk(root, "net", out);
    return out;
  }

  private static void walk(Block b, String path, List<Pair<String, Block>> out) {
    out.add(new Pair<>(path, b));
    for (Pair<String, Block> c : b.getChildren()) {
      walk(c.getValue(), path + "/" + c.getKey(), out);
    }
  }

  private static float[] param(Block b, String name) {
    for (Pair<String, Parameter> p : b.getDirectParameters()) {
      if (p.getKey().equals(name)) {
        return p.getValue().getArray().toFloatArray();
      }
    }
    return null;
  }

  private static long[] shape(Block b, String name) {
    for (Pair<String, Parameter> p : b.getDirectParameters()) {
      if (p.getKey().equals(name)) {
        return p.getValue().getArray().getShape().getShape();
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Sample standard deviation (n − 1 in the denominator). */
  private static double std(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  private static void assertNormal(float[] w, double sigma, String what) {
    int n = w.length;
    double s = std(w);
    assertEquals(1.0, s / sigma, SE / Math.sqrt(2.0 * (n - 1)),
        what + ": std " + s + ", expected " + sigma + " (n = " + n + ")");
    assertEquals(0.0, mean(w), SE * sigma / Math.sqrt(n), what + ": mean");
    if (n >= 1000) {
      long inside = 0;
      for (float x : w) {
        if (Math.abs(x) <= sigma) {
          inside++;
        }
      }
      double p = 0.6826895;
      assertEquals(p, (double) inside / n, SE * Math.sqrt(p * (1 - p) / n),
          what + ": fraction within ±σ (normal 0.683, uniform 0.577)");
    }
  }

  private static void assertUniform(float[] w, double bound, String what) {
    int n = w.length;
    for (float x : w) {
      assertTrue(Math.abs(x) <= bound * (1 + 1e-6), what + ": " + x + " outside ±" + bound);
    }
    double sigma = bound / Math.sqrt(3);
    assertEquals(1.0, std(w) / sigma, SE * Math.sqrt(0.2 / n),
        what + ": std " + std(w) + ", expected bound/√3 = " + sigma + " (n = " + n + ")");
    assertEquals(0.0, mean(w), SE * sigma / Math.sqrt(n), what + ": mean");
  }

  private static void assertFilled(float[] v, float value, String what) {
    for (float x : v) {
      assertEquals(value, x, 0f, what);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "pfa", "se", "cbam", "spatial"})
  void everyLayerFollowsTorchvisionsInitialisation(String attention) {
    try (Built net = build(attention, 11, false)) {
      int convs = 0;
      int norms = 0;
      int linears = 0;
      for (Pair<String, Block> pb : blocks(net.block())) {
        String path = pb.getKey();
        Block b = pb.getValue();
        if (b instanceof Convolution) {
          convs++;
          long[] s = shape(b, "weight");
          double sigma = Math.sqrt(2.0 / (s[0] * s[2] * s[3]));   // fan_out = out · kh · kw
          assertNormal(param(b, "weight"), sigma, path);
          assertEquals(null, param(b, "bias"), path + ": convolutions have no bias");
        } else if (b instanceof Linear) {
          linears++;
          double bound = 1 / Math.sqrt(shape(b, "weight")[1]);   // fan_in = in_features
          assertUniform(param(b, "weight"), bound, path + " weight");
          assertUniform(param(b, "bias"), bound, path + " bias");
        } else if (b instanceof BatchNorm) {
          norms++;
          assertFilled(param(b, "gamma"), 1f, path + " gamma");
          assertFilled(param(b, "beta"), 0f, path + " beta");
          assertFilled(param(b, "runningMean"), 0f, path + " running mean");
          assertFilled(param(b, "runningVar"), 1f, path + " running variance");
        }
      }
      boolean spatial = attention.equals("cbam") || attention.equals("spatial");
      boolean channel = attention.equals("cbam") || attention.equals("se");
      // stem + 8 blocks × 2 + 3 projection shortcuts; one conv and one BN per spatial gate
      assertEquals(20 + (spatial ? 8 : 0), convs, "convolutions");
      assertEquals(20 + (spatial ? 8 : 0), norms, "batch norms");
      // hash layer + classifier; two per channel MLP
      assertEquals(2 + (channel ? 16 : 0), linears, "linear layers");
    }
  }

  private static Map<String, float[]> allParameters(Block root) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : root.getParameters()) {
      out.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  @Test
  void zeroInitResidualZeroesBn2GammaOfEveryBlockAndNothingElse() {
    Map<String, float[]> plain;
    try (Built net = build("cbam", 11, false)) {
      plain = allParameters(net.block());
    }
    try (Built net = build("cbam", 11, true)) {
      List<Block> bn2 = new ArrayList<>();
      for (Pair<String, Block> pb : blocks(net.block())) {
        if (pb.getValue() instanceof BasicBlock bb) {
          bn2.add(bb.lastNorm());
          assertFilled(param(bb.lastNorm(), "gamma"), 0f, pb.getKey() + " bn2 gamma");
        }
      }
      assertEquals(8, bn2.size(), "BasicBlocks");
      Map<String, float[]> zeroed = allParameters(net.block());
      assertEquals(plain.keySet(), zeroed.keySet());
      int changed = 0;
      for (Map.Entry<String, float[]> e : zeroed.entrySet()) {
        if (!Arrays.equals(plain.get(e.getKey()), e.getValue())) {
          changed++;
          assertTrue(e.getKey().contains("bn2") && e.getKey().endsWith("gamma"),
              "zero_init_residual changed " + e.getKey());
        }
      }
      assertEquals(8, changed, "exactly the 8 bn2 gammas change");
    }
  }

  @Test
  void theSeedDeterminesTheWeights() {
    Map<String, float[]> a;
    Map<String, float[]> b;
    Map<String, float[]> c;
    try (Built net = build("se", 21, false)) {
      a = allParameters(net.block());
    }
    try (Built net = build("se", 21, false)) {
      b = allParameters(net.block());
    }
    try (Built net = build("se", 22, false)) {
      c = allParameters(net.block());
    }
    int random = 0;
    for (String name : a.keySet()) {
      assertTrue(Arrays.equals(a.get(name), b.get(name)), "same seed, different " + name);
      boolean drawn = name.endsWith("weight") || name.endsWith("bias");
      if (drawn) {
        random++;
        assertFalse(Arrays.equals(a.get(name), c.get(name)), "other seed, same " + name);
      } else {
        assertTrue(Arrays.equals(a.get(name), c.get(name)), "constant " + name + " differs");
      }
    }
    assertEquals(20 + 2 * 2 + 16 * 2, random, "conv weights, linear weights and biases");
  }
}
