package io.dpfah.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * torchvision's BasicBlock with an attention module: conv3×3(stride) → BN → ReLU → conv3×3 →
 * [conv2] → BN → [bn2] → + shortcut → ReLU → [output], where the bracket named by the
 * {@link Placement} holds the attention. The shortcut is the identity, or conv1×1(stride) + BN when
 * the stride or the channel count changes.
 */
public final class BasicBlock extends AbstractResidualBlock {

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
    super(Convs.conv(outChannels, 3, stride, 1), Convs.conv(outChannels, 3, 1, 1), Map.of(),
        inChannels, outChannels, stride, attention, placement);
  }

  @Override
  public Block lastNorm() {
    return bn2;
  }

  @Override
  protected NDList tail(ParameterStore ps, NDList y, boolean training) {
    return y;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    initializeRest(manager, dataType, initializeHead(manager, dataType, inputShapes), inputShapes);
  }
}
