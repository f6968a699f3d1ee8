package io.dpfah.model;

import static io.dpfah.model.Ref.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One BasicBlock with fixed weights in training mode (BatchNorm on batch statistics) against the
 * same block written out with the plain-Java loops of {@link Ref}:
 * conv1 → bn1 → ReLU → conv2 → [conv2 placement] → bn2 → [bn2 placement] → + shortcut → ReLU.
 * Each test also checks that the other placement is a different function, so a block that
 * swapped the two would fail.
 */
class BasicBlockReferenceTest {
  /** float32 forward vs double reference, relative to the output's largest value. */
  private static final double REL = 1e-5;

  /** Fixed weights of a block: convolutions, BN affine parameters, SE MLP, shortcut. */
  private static final class Weights {
    final T conv1;
    final double[] g1;
    final double[] b1;
    final T conv2;
    final double[] g2;
    final double[] b2;
    final T convD;
    final double[] gD;
    final double[] bD;
    final T fc1;
    final double[] fc1b;
    final T fc2;
    final double[] fc2b;

    Weights(Random rnd, int in, int out, int hidden, boolean projection) {
      conv1 = Ref.randomNormal(rnd, Math.sqrt(2.0 / (9 * out)), out, in, 3, 3);
      g1 = Ref.uniform(rnd, out, 0.5, 1.5);
      b1 = Ref.uniform(rnd, out, -0.5, 0.5);
      conv2 = Ref.randomNormal(rnd, Math.sqrt(2.0 / (9 * out)), out, out, 3, 3);
      g2 = Ref.uniform(rnd, out, 0.5, 1.5);
      b2 = Ref.uniform(rnd, out, -0.5, 0.5);
      convD = projection ? Ref.randomNormal(rnd, Math.sqrt(2.0 / out), out, in, 1, 1) : null;
      gD = projection ? Ref.uniform(rnd, out, 0.5, 1.5) : null;
      bD = projection ? Ref.uniform(rnd, out, -0.5, 0.5) : null;
      fc1 = Ref.randomNormal(rnd, 0.5, hidden, out);
      fc1b = Ref.uniform(rnd, hidden, -0.2, 0.2);
      fc2 = Ref.randomNormal(rnd, 0.5, out, hidden);
      fc2b = Ref.uniform(rnd, out, -0.2, 0.2);
    }

    void applyTo(BasicBlock block, boolean se) {
      Ref.set(block, "conv1", "weight", conv1.v());
      Ref.set(block, "bn1", "gamma", g1);
      Ref.set(block, "bn1", "beta", b1);
      Ref.set(block, "conv2", "weight", conv2.v());
      Ref.set(block, "bn2", "gamma", g2);
      Ref.set(block, "bn2", "beta", b2);
      if (convD != null) {
        Ref.set(block, "downsample/Conv2d", "weight", convD.v());
        Ref.set(block, "downsample/BatchNorm", "gamma", gD);
        Ref.set(block, "downsample/BatchNorm", "beta", bD);
      }
      if (se) {
        Ref.set(block, "attention/fc1", "weight", fc1.v());
        Ref.set(block, "attention/fc1", "bias", fc1b);
        Ref.set(block, "attention/fc2", "weight", fc2.v());
        Ref.set(block, "attention/fc2", "bias", fc2b);
      }
    }
  }

  /** The reference block; {@code attention} is applied at {@code placement}. */
  private static T reference(T x, Weights w, int stride, Placement placement,
      java.util.function.UnaryOperator<T> attention) {
    T y = Ref.relu(Ref.batchNormTrain(Ref.conv(x, w.conv1, stride, 1), w.g1, w.b1));
    y = Ref.conv(y, w.conv2, 1, 1);
    if (placement == Placement.CONV2) {
      y = attention.apply(y);
    }
    y = Ref.batchNormTrain(y, w.g2, w.b2);
    if (placement == Placement.BN2) {
      y = attention.apply(y);
    }
    T shortcut = w.convD == null ? x
        : Ref.batchNormTrain(Ref.conv(x, w.convD, stride, 0), w.gD, w.bD);
    return Ref.relu(Ref.add(y, shortcut));
  }

  private static float[] forward(NDManager m, BasicBlock block, T x, Weights w, boolean se) {
    Shape shape = new Shape(x.shape()[0], x.shape()[1], x.shape()[2], x.shape()[3]);
    block.initialize(m, DataType.FLOAT32, shape);
    w.applyTo(block, se);
    NDArray in = m.create(x.floats(), shape);
    return block.forward(new ParameterStore(m, false), new NDList(in), true)
        .singletonOrThrow().toFloatArray();
  }

  private static void assertMatches(float[] expected, float[] actual, String what) {
    double scale = Ref.maxAbs(expected);
    double diff = Ref.maxDiff(expected, actual);
    assertTrue(diff <= REL * scale, what + ": max deviation " + diff + " (scale " + scale + ")");
  }

  private static void assertDiffers(float[] a, float[] b, String what) {
    double diff = Ref.maxDiff(a, b);
    assertTrue(diff > 1000 * REL * Ref.maxAbs(a), what + ": only " + diff + " apart");
  }

  @Test
  void pfaAtConv2MatchesTheReferenceAndDiffersFromPfaAtBn2() {
    Random rnd = new Random(2024);
    int c = 4;
    T x = Ref.randomNormal(rnd, 1.0, 2, c, 5, 5);
    Weights w = new Weights(rnd, c, c, 2, false);
    float[] atConv2 = reference(x, w, 1, Placement.CONV2, t -> Ref.pfa(t, 1e-4)).floats();
    float[] atBn2 = reference(x, w, 1, Placement.BN2, t -> Ref.pfa(t, 1e-4)).floats();
    assertDiffers(atConv2, atBn2, "PFA before bn2 vs after bn2 (the swapped order)");
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] djl = forward(m, new BasicBlock(c, c, 1, new ParameterFreeAttention(c, 1e-4),
          Placement.CONV2), x, w, false);
      assertMatches(atConv2, djl, "PFA at conv2 (auto placement for pfa)");
      assertDiffers(atBn2, djl, "a conv2 block must not compute the bn2 order");
      float[] swapped = forward(m, new BasicBlock(c, c, 1, new ParameterFreeAttention(c, 1e-4),
          Placement.BN2), x, w, false);
      assertMatches(atBn2, swapped, "PFA at bn2");
    }
  }

  @Test
  void projectionShortcutWithStride2AndPfa() {
    Random rnd = new Random(7);
    T x = Ref.randomNormal(rnd, 1.0, 2, 3, 6, 6);
    Weights w = new Weights(rnd, 3, 5, 2, true);
    float[] expected = reference(x, w, 2, Placement.CONV2, t -> Ref.pfa(t, 1e-4)).floats();
    assertEquals(2 * 5 * 3 * 3, expected.length);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] djl = forward(m, new BasicBlock(3, 5, 2, new ParameterFreeAttention(5, 1e-4),
          Placement.CONV2), x, w, false);
      assertMatches(expected, djl, "stride 2, 3→5 channels, conv1×1 + BN shortcut");
    }
  }

  @Test
  void seAtBn2MatchesTheReferenceAndDiffersFromSeAtConv2() {
    Random rnd = new Random(99);
    int c = 6;
    int r = 2;
    T x = Ref.randomNormal(rnd, 1.0, 2, 4, 6, 6);
    Weights w = new Weights(rnd, 4, c, c / r, true);
    float[] atBn2 = reference(x, w, 1, Placement.BN2,
        t -> Ref.se(t, w.fc1, w.fc1b, w.fc2, w.fc2b)).floats();
    float[] atConv2 = reference(x, w, 1, Placement.CONV2,
        t -> Ref.se(t, w.fc1, w.fc1b, w.fc2, w.fc2b)).floats();
    assertDiffers(atBn2, atConv2, "SE after bn2 vs before bn2");
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] djl = forward(m, new BasicBlock(4, c, 1, new SqueezeExcitation(c, r),
          Placement.resolve("auto", "se")), x, w, true);
      assertMatches(atBn2, djl, "SE at bn2 (auto placement for se)");
      assertDiffers(atConv2, djl, "a bn2 block must not compute the conv2 order");
    }
  }
}
