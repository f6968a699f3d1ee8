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
 * torchvision's Bottleneck (v1.5: the stride is on the 3×3 conv) with an attention module:
 * conv1×1 → BN → ReLU → conv3×3(stride) → [conv2] → BN → ReLU → conv1×1(4·width) → BN → [bn2] →
 * + shortcut → ReLU → [output]. {@link Placement#CONV2} is SimAM's place (on the {@code width}
 * channels of conv2), {@link Placement#BN2} SE's (after bn3, on the {@code 4·width} channels).
 */
public final class Bottleneck extends AbstractBlock implements ResidualBlock {

  /** Output channels = expansion × width. */
  public static final int EXPANSION = 4;

  private final Conv2d conv1;
  private final BatchNorm bn1;
  private final Conv2d conv2;
  private final BatchNorm bn2;
  private final Conv2d conv3;
  private final BatchNorm bn3;
  private final AttentionModule attention;
  private final Placement placement;
  private final SequentialBlock downsample;

  /**
   * Creates a block.
   *
   * @param inChannels input channels
   * @param width channels of the 1×1 and 3×3 convs; the output has {@code 4·width}
   * @param stride stride of the 3×3 conv (and of the projection shortcut)
   * @param attention the attention module for {@link #attentionChannels} channels
   * @param placement where the attention sits
   */
  public Bottleneck(
      int inChannels, int width, int stride, AttentionModule attention, Placement placement) {
    super((byte) 1);
    int out = width * EXPANSION;
    this.conv1 = addChildBlock("conv1", BasicBlock.conv(width, 1, 1, 0));
    this.bn1 = addChildBlock("bn1", BatchNorm.builder().build());
    this.conv2 = addChildBlock("conv2", BasicBlock.conv(width, 3, stride, 1));
    this.bn2 = addChildBlock("bn2", BatchNorm.builder().build());
    this.conv3 = addChildBlock("conv3", BasicBlock.conv(out, 1, 1, 0));
    this.bn3 = addChildBlock("bn3", BatchNorm.builder().build());
    this.attention = addChildBlock("attention", attention);
    this.placement = placement;
    if (stride != 1 || inChannels != out) {
      this.downsample = addChildBlock("downsample", new SequentialBlock()
          .add(BasicBlock.conv(out, 1, stride, 0))
          .add(BatchNorm.builder().build()));
    } else {
      this.downsample = null;
    }
  }

  /** Channels the attention module sees: {@code width} after conv2, {@code 4·width} elsewhere. */
  public static int attentionChannels(int width, Placement placement) {
    return placement == Placement.CONV2 ? width : width * EXPANSION;
  }

  @Override
  public Block lastNorm() {
    return bn3;
  }

  @Override
  public AttentionModule attention() {
    return attention;
  }

  @Override
  public Map<String, Block> torchModules() {
    Map<String, Block> m = new LinkedHashMap<>();
    m.put("conv1", conv1);
    m.put("bn1", bn1);
    m.put("conv2", conv2);
    m.put("bn2", bn2);
    m.put("conv3", conv3);
    m.put("bn3", bn3);
    if (downsample != null) {
      m.put("downsample.0", downsample.getChildren().get(0).getValue());
      m.put("downsample.1", downsample.getChildren().get(1).getValue());
    }
    return m;
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
    y = new NDList(Activation.relu(bn2.forward(ps, y, training).singletonOrThrow()));
    y = bn3.forward(ps, conv3.forward(ps, y, training), training);
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
    return conv3.getOutputShapes(conv2.getOutputShapes(conv1.getOutputShapes(inputShapes)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    Shape[] a = conv1.getOutputShapes(inputShapes);
    bn1.initialize(manager, dataType, a);
    conv2.initialize(manager, dataType, a);
    Shape[] b = conv2.getOutputShapes(a);
    bn2.initialize(manager, dataType, b);
    conv3.initialize(manager, dataType, b);
    Shape[] c = conv3.getOutputShapes(b);
    bn3.initialize(manager, dataType, c);
    attention.initialize(manager, dataType, placement == Placement.CONV2 ? b : c);
    if (downsample != null) {
      downsample.initialize(manager, dataType, inputShapes);
    }
  }
}
