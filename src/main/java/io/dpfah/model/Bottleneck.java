package io.dpfah.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's Bottleneck (v1.5: the stride is on the 3×3 conv) with an attention module:
 * conv1×1 → BN → ReLU → conv3×3(stride) → [conv2] → BN → ReLU → conv1×1(4·width) → BN → [bn2] →
 * + shortcut → ReLU → [output]. {@link Placement#CONV2} is SimAM's place (on the {@code width}
 * channels of conv2), {@link Placement#BN2} SE's (after bn3, on the {@code 4·width} channels).
 */
public final class Bottleneck extends AbstractResidualBlock {

  /** Output channels = expansion × width. */
  public static final int EXPANSION = 4;

  private final Conv2d conv3;
  private final BatchNorm bn3;

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
    super(Convs.conv(width, 1, 1, 0), Convs.conv(width, 3, stride, 1), extras(width),
        inChannels, width * EXPANSION, stride, attention, placement);
    this.conv3 = extra("conv3");
    this.bn3 = extra("bn3");
  }

  private static Map<String, Block> extras(int width) {
    Map<String, Block> m = new LinkedHashMap<>();
    m.put("conv3", Convs.conv(width * EXPANSION, 1, 1, 0));
    m.put("bn3", BatchNorm.builder().build());
    return m;
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
  protected NDList tail(ParameterStore ps, NDList y, boolean training) {
    NDList a = new NDList(InferenceOps.relu(y.singletonOrThrow()));
    return BatchNorms.forward(bn3, ps, conv3.forward(ps, a, training), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv3.getOutputShapes(conv2.getOutputShapes(conv1.getOutputShapes(inputShapes)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] b = initializeHead(manager, dataType, inputShapes);
    conv3.initialize(manager, dataType, b);
    Shape[] c = conv3.getOutputShapes(b);
    bn3.initialize(manager, dataType, c);
    initializeRest(manager, dataType, placement() == Placement.CONV2 ? b : c, inputShapes);
  }
}
