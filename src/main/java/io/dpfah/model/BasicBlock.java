package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's BasicBlock with an attention module: conv3×3(stride) → BN → ReLU → conv3×3 →
 * [conv2] → BN → [bn2] → + shortcut → ReLU → [output], where the bracket named by the
 * {@link Placement} holds the attention. The shortcut is the identity, or conv1×1(stride) + BN when
 * the stride or the channel count changes.
 */
public final class BasicBlock extends AbstractBlock implements ResidualBlock {

  private final Conv2d conv1;
  private final BatchNorm bn1;
  private final Conv2d conv2;
  private final BatchNorm bn2;
  private final AttentionModule attention;
  private final Placement placement;
  private final Block downsample;

  /**
   * Creates a block.
   *
   * @param inChannels input channels
   * @param outChannels output channels
   * @param stride stride of conv1 (and of the projection shortcut)
   * @param attention the attention module for {@code outChannels} channels
   * @param placement where the attention sits
   */
  public BasicBlock(
      int inChannels, int outChannels, int stride, AttentionModule attention, Placement placement) {
    super((byte) 1);
    this.conv1 = addChildBlock("conv1", conv(outChannels, 3, stride, 1));
    this.bn1 = addChildBlock("bn1", BatchNorm.builder().build());
    this.conv2 = addChildBlock("conv2", conv(outChannels, 3, 1, 1));
    this.bn2 = addChildBlock("bn2", BatchNorm.builder().build());
    this.attention = addChildBlock("attention", attention);
    this.placement = placement;
    if (stride != 1 || inChannels != outChannels) {
      this.downsample =
          addChildBlock(
              "downsample",
              new SequentialBlock()
                  .add(conv(outChannels, 1, stride, 0))
                  .add(BatchNorm.builder().build()));
    } else {
      this.downsample = null;
    }
  }

  /** A bias-free square convolution. */
  static Conv2d conv(int filters, int kernel, int stride, int padding) {
    return conv(filters, kernel, stride, padding, false);
  }

  /** A square convolution, with or without bias. */
  static Conv2d conv(int filters, int kernel, int stride, int padding, boolean bias) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .optBias(bias)
        .build();
  }

  @Override
  public Block lastNorm() {
    return bn2;
  }

  @Override
  public Map<String, Block> torchModules() {
    Map<String, Block> m = new LinkedHashMap<>();
    m.put("conv1", conv1);
    m.put("bn1", bn1);
    m.put("conv2", conv2);
    m.put("bn2", bn2);
    if (downsample != null) {
      m.put("downsample.0", downsample.getChildren().get(0).getValue());
      m.put("downsample.1", downsample.getChildren().get(1).getValue());
    }
    return m;
  }

  @Override
  public AttentionModule attention() {
    return attention;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDList y = conv1.forward(ps, inputs, training);
    y = new NDList(Activation.relu(bn1.forward(ps, y, training).singletonOrThrow()));
    y = conv2.forward(ps, y, training);
    if (placement == Placement.CONV2) {
      y = AttentionProbe.attend(attention, ps, y, training, params);
    }
    y = bn2.forward(ps, y, training);
    if (placement == Placement.BN2) {
      y = AttentionProbe.attend(attention, ps, y, training, params);
    }
    NDArray shortcut =
        downsample == null ? x : downsample.forward(ps, inputs, training).singletonOrThrow();
    NDList out = new NDList(Activation.relu(y.singletonOrThrow().add(shortcut)));
    if (placement == Placement.OUTPUT) {
      out = AttentionProbe.attend(attention, ps, out, training, params);
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    Shape[] mid = conv1.getOutputShapes(inputShapes);
    bn1.initialize(manager, dataType, mid);
    conv2.initialize(manager, dataType, mid);
    Shape[] out = conv2.getOutputShapes(mid);
    bn2.initialize(manager, dataType, out);
    attention.initialize(manager, dataType, out);
    if (downsample != null) {
      downsample.initialize(manager, dataType, inputShapes);
    }
  }
}
