package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

/**
 * CBAM's spatial gate, following the CBAM reference implementation: channel-wise mean and max →
 * concat (2 channels) → Conv2d(2→1, k×k, pad k/2, no bias) → BatchNorm(1) → sigmoid → scale.
 * Parameters: {@code 2·k² + 2} (conv weights plus BN gamma/beta; running stats are not
 * parameters); independent of the channel count.
 */
public final class SpatialGate extends AbstractAttention {

  private final int kernel;
  private final Conv2d conv;
  private final BatchNorm bn;

  /** Creates a spatial gate for {@code channels} channels with an odd {@code kernel} size. */
  public SpatialGate(int channels, int kernel) {
    super(channels);
    if (kernel < 1 || kernel % 2 == 0) {
      throw new ModelException("model.spatialKernel: expected an odd size >= 1, got " + kernel);
    }
    this.kernel = kernel;
    this.conv =
        addChildBlock(
            "conv",
            Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(1)
                .optBias(false)
                .build());
    this.bn = addChildBlock("bn", BatchNorm.builder().build());
  }

  /** Kernel size k. */
  public int kernel() {
    return kernel;
  }

  @Override
  public String variant() {
    return "spatial";
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    Shape pooled = new Shape(in.get(0), 2, in.get(2), in.get(3));
    conv.initialize(manager, dataType, pooled);
    bn.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {pooled}));
  }

  @Override
  protected NDArray weights(ParameterStore ps, NDArray x, boolean training) {
    NDArray avg = x.mean(new int[] {1}, true);
    NDArray pooled = NDArrays.concat(new NDList(avg, x.max(new int[] {1}, true)), 1);
    NDList z = conv.forward(ps, new NDList(pooled), training);
    return Activation.sigmoid(bn.forward(ps, z, training).singletonOrThrow());
  }

  @Override
  public long parameterFormula(int channels) {
    return formula(kernel);
  }

  /** The spatial gate's parameter count {@code 2·k² + 2}. */
  static long formula(int kernel) {
    return 2L * kernel * kernel + 2;
  }
}
