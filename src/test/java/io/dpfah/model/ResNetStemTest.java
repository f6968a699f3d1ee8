package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ImageNet stem computes max-pooling before its ReLU; torchvision's order is ReLU, then
 * max-pooling. The two must give the same bits, forward and backward, also where a window holds
 * several equal maxima or only values ≤ 0: here the input and conv1's weights are small integers,
 * so the convolution's sums are exact integers, equal ones are common, and BatchNorm (γ = 1,
 * β = 0, a positive scale per channel) keeps equal values equal; the test asserts that windows
 * without a positive value occur.
 */
class ResNetStemTest {

  @Test
  void maxPoolThenReluIsTorchvisionsReluThenMaxPoolBitForBit() {
    Shape shape = new Shape(4, 3, 20, 20);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Backbone backbone = BackboneRegistry.create(Specs.spec("none"));
      backbone.initialize(m, DataType.FLOAT32, shape);
      Block stem = backbone.stages().get("stem").get(0);
      NDArray w = backbone.torchParameters().get("conv1.weight").getArray();
      w.set(integers(m, w.getShape(), 1, 11).toFloatArray());
      NDArray input = integers(m, shape, 2, 5);
      NDArray outGrad = m.randomNormal(new Shape(4, 64, 5, 5));

      NDArray x1 = input.duplicate();
      x1.setRequiresGradient(true);
      NDArray ours;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        ours = stem.forward(new ParameterStore(m, false), new NDList(x1), true).singletonOrThrow();
        gc.backward(ours.mul(outGrad).sum());
      }
      NDArray oursW = w.getGradient().duplicate();
      w.getGradient().muli(0f);

      NDArray x2 = input.duplicate();
      x2.setRequiresGradient(true);
      BatchNorm bn = (BatchNorm) backbone.torchModules().get("bn1");
      NDArray reference;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray c = Conv2d.conv2d(x2, w, null, new Shape(2, 2), new Shape(3, 3), new Shape(1, 1))
            .singletonOrThrow();
        NDArray mean = m.zeros(new Shape(64));
        NDArray var = m.ones(new Shape(64));
        NDArray gamma = bn.getParameters().get("gamma").getArray();
        NDArray beta = bn.getParameters().get("beta").getArray();
        NDArray b = BatchNorm.batchNorm(c, mean, var, gamma, beta, 1, 0.1f, 1e-5f, true)
            .singletonOrThrow();
        reference = Pool.maxPool2d(Activation.relu(b), new Shape(3, 3), new Shape(2, 2),
            new Shape(1, 1), false);
        gc.backward(reference.mul(outGrad).sum());
      }

      assertEquals(reference.getShape(), ours.getShape());
      float[] r = reference.toFloatArray();
      assertArrayEquals(r, ours.toFloatArray(), 0f, "stem output");
      assertArrayEquals(x2.getGradient().toFloatArray(), x1.getGradient().toFloatArray(), 0f,
          "input gradient");
      assertArrayEquals(w.getGradient().toFloatArray(), oursW.toFloatArray(), 0f,
          "conv1 weight gradient");
      int zeros = 0;
      for (float v : r) {
        zeros += v == 0f ? 1 : 0;
      }
      assertTrue(zeros > 0 && zeros < r.length, "windows with no positive value occur: " + zeros);
    }
  }

  /** Integers in [-bound, bound], seeded. */
  private static NDArray integers(NDManager m, Shape shape, int bound, long seed) {
    Random r = new Random(seed);
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(2 * bound + 1) - bound;
    }
    return m.create(v, shape);
  }
}
