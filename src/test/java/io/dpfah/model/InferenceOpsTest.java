package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.pytorch.jni.JniUtils;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The cheaper forms against libtorch's ordinary operations and against values worked out by hand:
 * the inference-only forms (max-pooling, PFA's square, quotient and product in place) against the
 * same pass with gradient recording on, where they do not apply; the forms that also apply in
 * training (ReLU, residual sum, PFA's {@code + 0.5} and sigmoid in place) against out-of-place
 * operations written out here. Every comparison is exact, because the forms promise the same bits.
 */
class InferenceOpsTest {

  @Test
  void maxPoolMatchesAHandWorkedExample() {
    // 1×1×4×4, values 0..15 row-major; 3×3 windows, stride 2, padding 1 (outputs 2×2):
    // window (0,0) covers rows 0-1, cols 0-1 -> 5; (0,1) rows 0-1, cols 1-3 -> 7;
    // (1,0) rows 1-3, cols 0-1 -> 13; (1,1) rows 1-3, cols 1-3 -> 15.
    try (NDManager m = manager()) {
      float[] v = new float[16];
      for (int i = 0; i < 16; i++) {
        v[i] = i;
      }
      NDArray x = m.create(v, new Shape(1, 1, 4, 4));
      assertTrue(InferenceOps.applies(x), "no gradient is recorded outside a collector");
      NDArray y = InferenceOps.maxPool(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1));
      assertEquals(new Shape(1, 1, 2, 2), y.getShape());
      assertArrayEquals(new float[] {5, 7, 13, 15}, y.toFloatArray(), 0f);
    }
  }

  @Test
  void maxPoolGivesLibtorchsBitsForEveryGeometry() {
    int[][] geometries = {{3, 2, 1}, {3, 2, 0}, {2, 2, 0}, {3, 1, 1}};
    int[][] sizes = {{16, 16}, {7, 9}, {5, 4}};
    try (NDManager m = manager()) {
      for (int[] g : geometries) {
        for (int[] hw : sizes) {
          NDArray x = tiesAndSpecials(m, new Shape(3, 5, hw[0], hw[1]), g[0] * 31 + hw[1]);
          Shape k = new Shape(g[0], g[0]);
          Shape s = new Shape(g[1], g[1]);
          Shape p = new Shape(g[2], g[2]);
          NDArray fast = InferenceOps.maxPool(x, k, s, p);
          NDArray ordinary = recording(() -> Pool.maxPool2d(x, k, s, p, false));
          String what = "kernel " + g[0] + " stride " + g[1] + " pad " + g[2] + " on " + hw[0]
              + "x" + hw[1];
          assertEquals(ordinary.getShape(), fast.getShape(), what);
          assertArrayEquals(ordinary.toFloatArray(), fast.toFloatArray(), 0f, what);
        }
      }
    }
  }

  /** In place with and without gradient recording (the gradients: {@link InPlaceTrainingTest}). */
  @Test
  void reluAndResidualSumAreInPlace() {
    try (NDManager m = manager()) {
      NDArray x = tiesAndSpecials(m, new Shape(2, 3, 4, 4), 7);
      float[] expected = Activation.relu(x).toFloatArray();
      NDArray shortcut = tiesAndSpecials(m, x.getShape(), 8);
      float[] sum = Activation.relu(x.add(shortcut)).toFloatArray();
      for (boolean record : new boolean[] {false, true}) {
        NDArray inPlace = x.duplicate();
        NDArray relu = record ? recording(() -> InferenceOps.relu(inPlace))
            : InferenceOps.relu(inPlace);
        assertSame(inPlace, relu);
        assertArrayEquals(expected, inPlace.toFloatArray(), 0f, "relu, recording " + record);
        NDArray y = x.duplicate();
        NDArray added = record ? recording(() -> InferenceOps.addRelu(y, shortcut))
            : InferenceOps.addRelu(y, shortcut);
        assertSame(y, added);
        assertArrayEquals(sum, y.toFloatArray(), 0f, "relu(y + shortcut), recording " + record);
      }
    }
  }

  @Test
  void attentionWeightsAreTheSameBitsInPlace() {
    try (NDManager m = manager()) {
      NDArray x = tiesAndSpecials(m, new Shape(2, 4, 5, 3), 11).mul(3).sub(0.5);
      ParameterFreeAttention pfa = new ParameterFreeAttention(4, 1e-4);
      pfa.initialize(m, DataType.FLOAT32, x.getShape());
      ParameterStore ps = new ParameterStore(m, false);
      float[] fast = pfa.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] ordinary = recording(() -> pfa.forward(ps, new NDList(x), false).singletonOrThrow())
          .toFloatArray();
      assertArrayEquals(ordinary, fast, 0f);
    }
  }

  /**
   * PFA's training pass, where the quotient takes the +0.5 and the sigmoid in place while
   * gradients are recorded, against SimAM's formula in ordinary out-of-place operations (the same
   * order of operations): the same output and the same input gradient, bit for bit.
   */
  @Test
  void attentionTrainingPassGivesTheOrdinaryBitsAndGradients() {
    try (NDManager m = manager()) {
      Shape shape = new Shape(2, 4, 5, 3);
      float[] data = m.randomNormal(shape).mul(2).add(0.3).toFloatArray();
      NDArray upstream = m.randomNormal(shape);
      ParameterFreeAttention pfa = new ParameterFreeAttention(4, 1e-4);
      pfa.initialize(m, DataType.FLOAT32, shape);
      ParameterStore ps = new ParameterStore(m, false);
      float[][] fast = outputAndGradient(m.create(data, shape), upstream,
          x -> pfa.forward(ps, new NDList(x), true).singletonOrThrow());
      float[][] ordinary = outputAndGradient(m.create(data, shape), upstream,
          x -> simAmOutOfPlace(x, 1e-4));
      assertArrayEquals(ordinary[0], fast[0], 0f, "output");
      assertArrayEquals(ordinary[1], fast[1], 0f, "input gradient");
      NDArray q = recording(() -> {
        NDArray fresh = m.create(data, shape).mul(2);
        assertSame(fresh, InferenceOps.add(fresh, 0.5));
        assertSame(fresh, InferenceOps.sigmoid(fresh));
        return fresh;
      });
      NDArray expected = Activation.sigmoid(m.create(data, shape).mul(2).add(0.5));
      assertArrayEquals(expected.toFloatArray(), q.toFloatArray(), 0f, "in place while recording");
    }
  }

  private static float[][] outputAndGradient(
      NDArray x, NDArray upstream, UnaryOperator<NDArray> f) {
    x.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray out = f.apply(x);
      gc.backward(out.mul(upstream).sum());
      return new float[][] {out.toFloatArray(), x.getGradient().toFloatArray()};
    }
  }

  /** x·sigmoid((x − μ)² / (4((Σ(x − μ)²)/n + λ)) + 0.5), every step a fresh array. */
  private static NDArray simAmOutOfPlace(NDArray x, double lambda) {
    Shape s = x.getShape();
    NDArray flat = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
    NDArray d = flat.sub(flat.mean(new int[] {2}, true)).square();
    NDArray v = d.sum(new int[] {2}, true).div(Scalars.of(d, s.get(2) * s.get(3) - 1));
    NDArray y = d.div(v.add(lambda).mul(Scalars.of(v, 4))).add(0.5);
    return x.mul(Activation.sigmoid(y).reshape(s));
  }

  /**
   * A whole network's encoding without gradients (in-place forms, intermediates released) against
   * the same network's inference pass with gradients recorded, where the ordinary operations run.
   */
  @Test
  void encodingANetworkGivesTheSameBitsAsTheOrdinaryPass() {
    for (String attention : new String[] {"none", "pfa"}) {
      HashingNetwork net = ModelFactory.build(Specs.spec("resnet18", "imagenet", attention, "auto"),
          new HashSpec(16), new ClassifierSpec(true), 10);
      try (NDManager m = manager()) {
        net.initialize(m, DataType.FLOAT32, new Shape(4, 3, 32, 32));
        NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
        ParameterStore ps = new ParameterStore(m, false);
        NDList fast = net.forward(ps, new NDList(x), false);
        NDList ordinary = recordingList(() -> net.forward(ps, new NDList(x), false));
        for (int i = 0; i < fast.size(); i++) {
          assertArrayEquals(ordinary.get(i).toFloatArray(), fast.get(i).toFloatArray(), 0f,
              attention + " output " + i);
        }
      }
    }
  }

  @Test
  void nothingAppliesWhileGradientsAreRecorded() {
    try (NDManager m = manager()) {
      NDArray x = m.ones(new Shape(1, 1, 2, 2));
      assertFalse(JniUtils.isGradMode());
      assertTrue(InferenceOps.applies(x));
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        assertFalse(InferenceOps.applies(x));
      }
    }
  }

  private static NDManager manager() {
    return Engine.getEngine("PyTorch").newBaseManager();
  }

  private static NDArray recording(Supplier<NDArray> op) {
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      return op.get();
    }
  }

  private static NDList recordingList(Supplier<NDList> op) {
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      return op.get();
    }
  }

  /** Values with many ties (a coarse grid, a third of them zero) and a few infinities. */
  private static NDArray tiesAndSpecials(NDManager m, Shape shape, long seed) {
    Random r = new Random(seed);
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      int c = r.nextInt(9);
      v[i] = c < 3 ? 0f : (c - 5) * 0.25f;
    }
    v[r.nextInt(v.length)] = Float.NEGATIVE_INFINITY;
    v[r.nextInt(v.length)] = Float.POSITIVE_INFINITY;
    return m.create(v, shape);
  }
}
