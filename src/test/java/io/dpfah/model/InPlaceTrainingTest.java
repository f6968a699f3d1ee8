package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A residual block's training pass, where the BatchNorms hand libtorch's own outputs on
 * ({@link BatchNorms}) and ReLU and the residual sum overwrite them ({@link InferenceOps}), against
 * the same weights chained through the block's own layers with DJL's BatchNorm forward and
 * ordinary out-of-place ReLU and sum: the same output, input gradient, parameter gradients and
 * updated running statistics, bit for bit, for every placement and both block kinds.
 */
class InPlaceTrainingTest {

  @ParameterizedTest
  @CsvSource({
      "basic, pfa, conv2, 4, 4, 1", "basic, pfa, bn2, 3, 5, 2", "basic, pfa, output, 4, 4, 1",
      "basic, se, bn2, 4, 6, 2", "basic, none, conv2, 4, 4, 1",
      "bottleneck, pfa, conv2, 8, 2, 1", "bottleneck, cbam, bn2, 3, 2, 2",
      "bottleneck, pfa, output, 8, 2, 1"})
  void blockGivesTheOrdinaryBitsAndGradients(String kind, String attention, String placement,
      int in, int width, int stride) throws Exception {
    Placement p = Placement.valueOf(placement.toUpperCase(Locale.ROOT));
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Shape shape = new Shape(2, in, 6, 6);
      AbstractResidualBlock fast = block(kind, attention, p, in, width, stride);
      AbstractResidualBlock ordinary = block(kind, attention, p, in, width, stride);
      fast.initialize(m, DataType.FLOAT32, shape);
      ordinary.initialize(m, DataType.FLOAT32, shape);
      copyParameters(fast, ordinary, m);
      float[] data = m.randomNormal(shape).toFloatArray();
      NDArray upstream = m.randomNormal(fast.getOutputShapes(new Shape[] {shape})[0]);

      List<float[]> a = pass(m, data, shape, upstream, fast,
          x -> fast.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow());
      List<float[]> b = pass(m, data, shape, upstream, ordinary,
          x -> outOfPlace(ordinary, new ParameterStore(m, false), x, p, kind.equals("bottleneck")));
      assertEquals(b.size(), a.size());
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(b.get(i), a.get(i), 0f, i == 0 ? "output" : i == 1 ? "input gradient"
            : "gradient or running statistic " + fast.getParameters().get(i - 2).getKey());
      }
    }
  }

  private static AbstractResidualBlock block(String kind, String attention, Placement p, int in,
      int width, int stride) {
    int channels = kind.equals("basic") ? width : Bottleneck.attentionChannels(width, p);
    AttentionModule module = switch (attention) {
      case "pfa" -> new ParameterFreeAttention(channels, 1e-4);
      case "se" -> new SqueezeExcitation(channels, 2);
      case "cbam" -> new Cbam(channels, 2, 3);
      default -> new NoAttention(channels);
    };
    return kind.equals("basic") ? new BasicBlock(in, width, stride, module, p)
        : new Bottleneck(in, width, stride, module, p);
  }

  private static void copyParameters(Block from, Block to, NDManager m) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    from.saveParameters(new DataOutputStream(bytes));
    to.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    for (Block b : List.of(from, to)) {
      for (Pair<String, Parameter> param : b.getParameters()) {
        if (param.getValue().requiresGradient()) {
          param.getValue().getArray().setRequiresGradient(true);
        }
      }
    }
  }

  /** Output, input gradient, then every parameter's gradient (running statistics: values). */
  private static List<float[]> pass(NDManager m, float[] data, Shape shape, NDArray upstream,
      Block block, java.util.function.UnaryOperator<NDArray> forward) {
    NDArray x = m.create(data, shape);
    x.setRequiresGradient(true);
    List<float[]> out = new ArrayList<>();
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray y = forward.apply(x);
      gc.backward(y.mul(upstream).sum());
      out.add(y.toFloatArray());
    }
    out.add(x.getGradient().toFloatArray());
    assertArrayEquals(data, x.toFloatArray(), 0f, "the block's input is never overwritten");
    for (Pair<String, Parameter> param : block.getParameters()) {
      NDArray value = param.getValue().getArray();
      out.add(param.getValue().requiresGradient() ? value.getGradient().toFloatArray()
          : value.toFloatArray());
    }
    return out;
  }

  /** torchvision's block order with out-of-place ReLU and sum, through the block's own layers. */
  private static NDArray outOfPlace(AbstractResidualBlock b, ParameterStore ps, NDArray x,
      Placement p, boolean bottleneck) {
    Map<String, Block> layers = b.torchModules();
    NDArray y = Activation.relu(run(layers.get("bn1"), ps, run(layers.get("conv1"), ps, x)));
    y = run(layers.get("conv2"), ps, y);
    if (p == Placement.CONV2) {
      y = run(b.attention(), ps, y);
    }
    y = run(layers.get("bn2"), ps, y);
    if (bottleneck) {
      y = run(layers.get("bn3"), ps, run(layers.get("conv3"), ps, Activation.relu(y)));
    }
    if (p == Placement.BN2) {
      y = run(b.attention(), ps, y);
    }
    NDArray shortcut = layers.containsKey("downsample.0")
        ? run(layers.get("downsample.1"), ps, run(layers.get("downsample.0"), ps, x)) : x;
    NDArray out = Activation.relu(y.add(shortcut));
    return p == Placement.OUTPUT ? run(b.attention(), ps, out) : out;
  }

  private static NDArray run(Block layer, ParameterStore ps, NDArray x) {
    return layer.forward(ps, new NDList(x), true).singletonOrThrow();
  }
}
