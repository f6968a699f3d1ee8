package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * SE channel attention: global average pool → Linear(C→h, bias) → ReLU → Linear(h→C, bias) →
 * sigmoid → scale, with {@code h = max(1, C / r)} (integer division, no make-divisible rounding).
 * Parameters: {@code 2·C·h + h + C}.
 */
public final class SqueezeExcitation extends AbstractAttention {

  private final int reduction;
  private final int hidden;
  private final Linear fc1;
  private final Linear fc2;

  /** Creates SE for {@code channels} channels with reduction ratio {@code reduction}. */
  public SqueezeExcitation(int channels, int reduction) {
    super(channels);
    this.reduction = reduction;
    this.hidden = hiddenUnits(channels, reduction);
    this.fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).optBias(true).build());
    this.fc2 = addChildBlock("fc2", Linear.builder().setUnits(channels).optBias(true).build());
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
    long batch = inputShapes[0].get(0);
    fc1.initialize(manager, dataType, new Shape(batch, channels));
    fc2.initialize(manager, dataType, new Shape(batch, hidden));
  }

  @Override
  protected NDArray weights(ParameterStore ps, NDArray x, boolean training) {
    NDArray pooled = spatialMean(x);
    NDArray z = Activation.relu(fc1.forward(ps, new NDList(pooled), training).singletonOrThrow());
    NDArray s = Activation.sigmoid(fc2.forward(ps, new NDList(z), training).singletonOrThrow());
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
