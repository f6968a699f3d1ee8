package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/**
 * SE channel attention: global average pool → Linear(C→h, bias) → ReLU → Linear(h→C, bias) →
 * sigmoid → scale, with {@code h = max(1, C / r)} (integer division, no make-divisible rounding).
 * Parameters: {@code 2·C·h + h + C}.
 */
public final class SqueezeExcitation extends AbstractAttention {

  private final int reduction;
  private final ChannelMlp mlp;

  /** Creates SE for {@code channels} channels with reduction ratio {@code reduction}. */
  public SqueezeExcitation(int channels, int reduction) {
    super(channels);
    this.reduction = reduction;
    this.mlp = new ChannelMlp(channels, reduction);
    addChildBlock("fc1", mlp.fc1());
    addChildBlock("fc2", mlp.fc2());
  }

  /** {@code max(1, channels / reduction)}; rejects a reduction below 1. */
  static int hiddenUnits(int channels, int reduction) {
    if (reduction < 1) {
      throw new ModelException("model.reduction: expected >= 1, got " + reduction);
    }
    return Math.max(1, channels / reduction);
  }

  @Override
  public String variant() {
    return "se";
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    mlp.initialize(manager, dataType, inputShapes[0].get(0));
  }

  @Override
  protected NDArray weights(ParameterStore ps, NDArray x, boolean training) {
    NDArray s = Activation.sigmoid(mlp.forward(ps, spatialMean(x), training));
    return s.reshape(x.getShape().get(0), channels, 1, 1);
  }

  @Override
  public long parameterFormula(int channels) {
    return formula(channels, reduction);
  }

  /** SE's parameter count {@code 2·C·h + h + C}, {@code h = max(1, C / r)}. */
  static long formula(int channels, int reduction) {
    long h = hiddenUnits(channels, reduction);
    return 2L * channels * h + h + channels;
  }
}
