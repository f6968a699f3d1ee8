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
 * without a positive value occur. The reference runs its convolution and BatchNorm channels-last
 * too, as the stem does, so that only the order of ReLU and max-pooling differs.
 *
 * <p>The stem runs channels-last (a performance choice, see {@link InferenceOps#channelsLast});
 * the second test bounds its difference from the contiguous stem, which is rounding only.
 */
class ResNetStemTest {

  @Test
  void maxPoolThenReluIsTorchvisionsReluThenMaxPoolBitForBit() {
    Shape shape = new Shape(4, 3, 20, 20);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Backbone backbone = backbone(m, shape);
      NDArray w = backbone.torchParameters().get("conv1.weight").getArray();
      w.set(integers(m, w.getShape(), 1, 11).toFloatArray());
      NDArray input = integers(m, shape, 2, 5);
      NDArray outGrad = m.randomNormal(new Shape(4, 64, 5, 5));

      Pass ours = stem(backbone, m, input, outGrad);
      Pass reference = torchvisionOrder(backbone, m, input, outGrad, true);

      assertEquals(reference.output().getShape(), ours.output().getShape());
      float[] r = reference.output().toFloatArray();
      assertArrayEquals(r, ours.output().toFloatArray(), 0f, "stem output");
      assertArrayEquals(reference.inputGrad().toFloatArray(), ours.inputGrad().toFloatArray(), 0f,
          "input gradient");
      assertArrayEquals(reference.weightGrad().toFloatArray(), ours.weightGrad().toFloatArray(),
          0f, "conv1 weight gradient");
      int zeros = 0;
      for (float v : r) {
        zeros += v == 0f ? 1 : 0;
      }
      assertTrue(zeros > 0 && zeros < r.length, "windows with no positive value occur: " + zeros);
    }
  }

  /**
   * Random normal pixels and torchvision's initialisation: the channels-last stem (output,
   * gradients of the input and of conv1's weights, BatchNorm's updated running statistics) against
   * conv → BatchNorm → ReLU → max-pooling on contiguous arrays. Other kernels sum in other orders,
   * so values agree to rounding, bounded at 1e-5 of the largest reference value (measured on an
   * AVX2 host, two initialisations: at most 8.9e-7 for output and gradients, 1.6e-6 for the
   * running mean, a tenth of a batch mean of cancelling terms). Swapping H and W in the
   * channels-last copy (input 64×64, so the shapes still fit) fails it by order 1.
   */
  @Test
  void channelsLastStemIsTheContiguousStemUpToRounding() {
    Shape shape = new Shape(4, 3, 64, 64);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Backbone backbone = backbone(m, shape);
      NDArray input = normal(m, shape, 7);
      NDArray outGrad = normal(m, new Shape(4, 64, 16, 16), 8);

      Pass ours = stem(backbone, m, input, outGrad);
      Pass reference = torchvisionOrder(backbone, m, input, outGrad, false);

      assertClose(reference.output(), ours.output(), 1e-5, "stem output");
      assertClose(reference.inputGrad(), ours.inputGrad(), 1e-5, "input gradient");
      assertClose(reference.weightGrad(), ours.weightGrad(), 1e-5, "conv1 weight gradient");
      BatchNorm bn = (BatchNorm) backbone.torchModules().get("bn1");
      assertClose(reference.runningMean(), bn.getParameters().get("runningMean").getArray(), 1e-5,
          "running mean");
      assertClose(reference.runningVar(), bn.getParameters().get("runningVar").getArray(), 1e-5,
          "running variance");
    }
  }

  /** ResNet18 without attention, initialised for {@code shape} (ImageNet stem, the default). */
  private static Backbone backbone(NDManager m, Shape shape) {
    Backbone backbone = BackboneRegistry.create(Specs.spec("none"));
    backbone.initialize(m, DataType.FLOAT32, shape);
    return backbone;
  }

  /** A training pass: its output, the gradients, and the running statistics it updated. */
  private record Pass(NDArray output, NDArray inputGrad, NDArray weightGrad, NDArray runningMean,
      NDArray runningVar) {}

  /** The backbone's stem, forward and backward of {@code sum(out · outGrad)}. */
  private static Pass stem(Backbone backbone, NDManager m, NDArray input, NDArray outGrad) {
    Block stem = backbone.stages().get("stem").get(0);
    NDArray w = backbone.torchParameters().get("conv1.weight").getArray();
    NDArray x = input.duplicate();
    x.setRequiresGradient(true);
    NDArray out;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      out = stem.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
      gc.backward(out.mul(outGrad).sum());
    }
    NDArray wGrad = w.getGradient().duplicate();
    w.getGradient().muli(0f);
    return new Pass(out, x.getGradient(), wGrad, null, null);
  }

  /**
   * torchvision's stem in its own order, conv → BatchNorm → ReLU → max-pooling, with the stem's
   * weights and fresh running statistics; the convolution's input channels-last or contiguous.
   */
  private static Pass torchvisionOrder(Backbone backbone, NDManager m, NDArray input,
      NDArray outGrad, boolean channelsLast) {
    NDArray w = backbone.torchParameters().get("conv1.weight").getArray();
    BatchNorm bn = (BatchNorm) backbone.torchModules().get("bn1");
    NDArray x = input.duplicate();
    x.setRequiresGradient(true);
    NDArray mean = m.zeros(new Shape(64));
    NDArray var = m.ones(new Shape(64));
    NDArray out;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray c = Conv2d.conv2d(channelsLast ? InferenceOps.channelsLast(x) : x, w, null,
          new Shape(2, 2), new Shape(3, 3), new Shape(1, 1)).singletonOrThrow();
      // DJL's momentum 0.9 keeps 90 % of the running statistics (torchvision's 0.1).
      NDArray b = BatchNorm.batchNorm(c, mean, var, bn.getParameters().get("gamma").getArray(),
          bn.getParameters().get("beta").getArray(), 1, 0.9f, 1e-5f, true).singletonOrThrow();
      out = Pool.maxPool2d(Activation.relu(b), new Shape(3, 3), new Shape(2, 2), new Shape(1, 1),
          false);
      gc.backward(out.mul(outGrad).sum());
    }
    NDArray wGrad = w.getGradient().duplicate();
    w.getGradient().muli(0f);
    return new Pass(out, x.getGradient(), wGrad, mean, var);
  }

  /** Largest difference at most {@code rel} of the largest reference magnitude. */
  private static void assertClose(NDArray expected, NDArray actual, double rel, String what) {
    assertEquals(expected.getShape(), actual.getShape(), what);
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
    }
    assertTrue(scale > 0 && worst <= rel * scale,
        what + ": largest difference " + worst + " exceeds " + rel + " of " + scale);
  }

  /** Standard normal values, seeded. */
  private static NDArray normal(NDManager m, Shape shape, long seed) {
    Random r = new Random(seed);
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return m.create(v, shape);
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
