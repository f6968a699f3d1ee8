package io.dpfah.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dpfah.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * ResNet18/34 in torchvision's BasicBlock layout (no fc) with an attention module in every
 * BasicBlock. Input B×3×H×W, output the global-average-pooled B×512 features.
 */
public final class ResNetBackbone extends AbstractBlock {

  /** Width of the output features. */
  public static final int FEATURES = 512;

  private static final int[] WIDTHS = {64, 128, 256, 512};

  private final SequentialBlock body;
  private final List<Integer> blockChannels;

  /** Builds the backbone described by {@code spec} (backbone, stem, attention, placement). */
  public ResNetBackbone(ModelSpec spec) {
    super((byte) 1);
    int[] depths = depths(spec.backbone());
    Placement placement = Placement.resolve(spec.placement(), spec.attention());
    body = new SequentialBlock();
    body.add(stem(spec.stem()));
    List<Integer> channels = new ArrayList<>();
    int in = 64;
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      int out = WIDTHS[stage];
      for (int i = 0; i < depths[stage]; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        body.add(new BasicBlock(in, out, stride, AttentionRegistry.create(spec, out), placement));
        channels.add(out);
        in = out;
      }
    }
    body.add(Pool.globalAvgPool2dBlock());
    addChildBlock("body", body);
    blockChannels = Collections.unmodifiableList(channels);
  }

  /** Blocks per stage for {@code resnet18} / {@code resnet34}. */
  static int[] depths(String backbone) {
    String name = backbone == null ? "" : backbone.toLowerCase(Locale.ROOT);
    switch (name) {
      case "resnet18":
        return new int[] {2, 2, 2, 2};
      case "resnet34":
        return new int[] {3, 4, 6, 3};
      default:
        throw new ModelException(
            "model.backbone: expected resnet18 or resnet34, got '" + backbone + "'");
    }
  }

  /**
   * Output channels of every BasicBlock in order (64, 64, 128, 128, 256, 256, 512, 512 for
   * resnet18), i.e. the channel count each attention module sees.
   */
  public static List<Integer> blockChannels(String backbone) {
    int[] depths = depths(backbone);
    List<Integer> channels = new ArrayList<>();
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      for (int i = 0; i < depths[stage]; i++) {
        channels.add(WIDTHS[stage]);
      }
    }
    return Collections.unmodifiableList(channels);
  }

  private static Block stem(String stem) {
    String name = stem == null ? "" : stem.toLowerCase(Locale.ROOT);
    SequentialBlock block = new SequentialBlock();
    switch (name) {
      case "imagenet":
        return block
            .add(BasicBlock.conv(64, 7, 2, 3))
            .add(BatchNorm.builder().build())
            .add(Activation::relu)
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
      case "cifar":
        return block
            .add(BasicBlock.conv(64, 3, 1, 1))
            .add(BatchNorm.builder().build())
            .add(Activation::relu);
      default:
        throw new ModelException("model.stem: expected imagenet or cifar, got '" + stem + "'");
    }
  }

  /** Channel counts of this backbone's BasicBlocks, in order. */
  public List<Integer> channels() {
    return blockChannels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return body.forward(ps, inputs, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), FEATURES)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != 3) {
      throw new ModelException("backbone input: expected B×3×H×W, got " + in);
    }
    body.initialize(manager, dataType, inputShapes);
  }
}
