package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dpfah.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * torchvision's ResNet (no fc) built from {@link BasicBlock}s or {@link Bottleneck}s, with an
 * attention module in every residual block. Input B×3×H×W, output the global-average-pooled
 * B×512 (BasicBlock) or B×2048 (Bottleneck) features. Module names follow torchvision's
 * ({@code conv1}, {@code bn1}, {@code layer2.0.downsample.0}, …). With {@code model.bn_eval}
 * every BatchNorm runs in eval mode (running statistics, not updated) while training; nothing
 * else in a ResNet depends on the mode.
 */
public final class ResNetBackbone extends Backbone {

  /** Width of ResNet18/34's output features. */
  public static final int FEATURES = 512;

  private static final int[] WIDTHS = {64, 128, 256, 512};

  private final SequentialBlock body;
  private final List<Integer> blockChannels;
  private final int features;
  private final boolean bnEval;

  /** Builds the ResNet named by {@code spec.backbone()} (see {@link BackboneRegistry}). */
  public ResNetBackbone(ModelSpec spec) {
    this(spec, BackboneRegistry.resnet(spec.backbone()));
  }

  /** Builds a ResNet of the given block type and stage depths. */
  ResNetBackbone(ModelSpec spec, BackboneRegistry.ResNetLayout layout) {
    boolean bottleneck = layout.bottleneck();
    int[] depths = layout.depths();
    Placement placement = Placement.resolve(spec.placement(), spec.attention());
    body = new SequentialBlock();
    body.add(stem(spec.stem()));
    List<Integer> channels = new ArrayList<>();
    int in = 64;
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      int width = WIDTHS[stage];
      SequentialBlock layer = new SequentialBlock();
      for (int i = 0; i < depths[stage]; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        ResidualBlock block;
        if (bottleneck) {
          int c = Bottleneck.attentionChannels(width, placement);
          block = new Bottleneck(in, width, stride, AttentionRegistry.create(spec, c), placement);
          channels.add(c);
          in = width * Bottleneck.EXPANSION;
        } else {
          block = new BasicBlock(in, width, stride, AttentionRegistry.create(spec, width),
              placement);
          channels.add(width);
          in = width;
        }
        layer.add(block);
        for (Map.Entry<String, Block> m : block.torchModules().entrySet()) {
          torch("layer" + (stage + 1) + "." + i + "." + m.getKey(), m.getValue());
        }
      }
      body.add(layer);
      stage("layer" + (stage + 1), layer);
    }
    body.add(Pool.globalAvgPool2dBlock());
    addChildBlock("body", body);
    blockChannels = Collections.unmodifiableList(channels);
    features = in;
    bnEval = spec.bnEval();
  }

  /**
   * Output channels of every BasicBlock of a BasicBlock ResNet in order (64, 64, 128, 128, 256,
   * 256, 512, 512 for resnet18), i.e. the channel count each attention module sees.
   */
  public static List<Integer> blockChannels(String backbone) {
    BackboneRegistry.ResNetLayout layout = BackboneRegistry.resnet(backbone);
    List<Integer> channels = new ArrayList<>();
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      for (int i = 0; i < layout.depths()[stage]; i++) {
        channels.add(WIDTHS[stage] * (layout.bottleneck() ? Bottleneck.EXPANSION : 1));
      }
    }
    return Collections.unmodifiableList(channels);
  }

  private Block stem(String stem) {
    String name = stem == null ? "" : stem.toLowerCase(Locale.ROOT);
    SequentialBlock block =
        name.equals("imagenet") ? new ChannelsLastStem() : new SequentialBlock();
    Conv2d conv;
    switch (name) {
      case "imagenet":
        conv = Convs.conv(64, 7, 2, 3);
        break;
      case "cifar":
        conv = Convs.conv(64, 3, 1, 1);
        break;
      default:
        throw new ModelException("model.stem: expected imagenet or cifar, got '" + stem + "'");
    }
    BatchNorm bn = BatchNorm.builder().build();
    block.add(torch("conv1", conv)).add(torch("bn1", bn));
    if (name.equals("imagenet")) {
      // torchvision's relu → max-pool, computed as max-pool → relu on a quarter of the elements:
      // ReLU is monotone, so relu(max(x)) = max(relu(x)) exactly, and the gradient reaches the
      // same input element (the window's first maximum if it is positive, none otherwise).
      block.add(InferenceOps.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }
    block.add(InferenceOps::relu);
    stage("stem", block);
    return block;
  }

  /** Channel counts of this backbone's attention modules, in order. */
  @Override
  public List<Integer> channels() {
    return blockChannels;
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public List<String> droppedKeys() {
    return List.of("fc.weight", "fc.bias");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    boolean train = training && !bnEval;
    if (params == null || !(params.get(AttentionProbe.KEY) instanceof AttentionProbe)) {
      return Intermediates.forward(body, ps, inputs, train);
    }
    // DJL's SequentialBlock drops the parameters: walk the stages so every block sees the probe
    NDList x = inputs;
    for (Block stage : body.getChildren().values()) {
      boolean residual = stage instanceof SequentialBlock layer && !layer.getChildren().isEmpty()
          && layer.getChildren().values().stream().allMatch(b -> b instanceof ResidualBlock);
      if (residual) {
        for (Block block : stage.getChildren().values()) {
          x = block.forward(ps, x, train, params);
        }
      } else {
        x = stage.forward(ps, x, train);
      }
    }
    return x;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), features)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != 3) {
      throw new ModelException("backbone input: expected B×3×H×W, got " + in);
    }
    body.initialize(manager, dataType, inputShapes);
  }

  /**
   * The ImageNet stem, run channels-last on the CPU: the 3-channel image is copied to channels-last
   * ({@link InferenceOps#channelsLast}), the convolution, BatchNorm, max-pooling and ReLU take
   * libtorch's channels-last kernels, and the pooled result is copied back
   * ({@link InferenceOps#contiguous}). libtorch 2.7.1's max-pooling of a contiguous array is scalar
   * per output (5.6 % of a 224 px training step's CPU); channels-last it is vectorised over the
   * channels. The values are the contiguous stem's up to rounding (other summation orders; see
   * docs/performance.md). The children are the plain stem's, so parameter names do not change.
   */
  private static final class ChannelsLastStem extends SequentialBlock {
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDArray x = inputs.singletonOrThrow();
      NDArray in = InferenceOps.channelsLast(x);
      NDArray pooled = Intermediates.forward(this, ps, new NDList(in), training).singletonOrThrow();
      NDArray out = InferenceOps.contiguous(pooled);
      if (in != x) {
        in.close();
      }
      if (pooled != out) {
        pooled.close();
      }
      return new NDList(out);
    }

    /** With labels (DJL's other training entry) the same pass; the stem has no use for labels. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList data, NDList labels,
        PairList<String, Object> params) {
      return forwardInternal(ps, data, true, params);
    }
  }
}
