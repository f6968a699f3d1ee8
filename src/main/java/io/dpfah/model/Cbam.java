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
 * CBAM: channel gate then spatial gate. Channel gate = a shared MLP Linear(C→h, bias) → ReLU →
 * Linear(h→C, bias) applied to the average- and the max-pooled descriptors, summed, sigmoid;
 * {@code h = max(1, C / r)}. The spatial gate ({@link SpatialGate}) then acts on the
 * channel-refined map. Parameters: {@code 2·C·h + h + C + 2·k² + 2}. The attention map is the
 * overall multiplicative weight {@code Mc · Ms(x·Mc)}.
 */
public final class Cbam extends AbstractAttention {

  private final int reduction;
  private final int hidden;
  private final Linear fc1;
  private final Linear fc2;
  private final SpatialGate spatial;

  /** Creates CBAM for {@code channels} channels. */
  public Cbam(int channels, int reduction, int spatialKernel) {
    super(channels);
    this.reduction = reduction;
    this.hidden = SqueezeExcitation.hiddenUnits(channels, reduction);
    this.fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).optBias(true).build());
    this.fc2 = addChildBlock("fc2", Linear.builder().setUnits(channels).optBias(true).build());
    this.spatial = addChildBlock("spatial", new SpatialGate(channels, spatialKernel));
  }

  @Override
  public String variant() {
    return "cbam";
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long batch = inputShapes[0].get(0);
    fc1.initialize(manager, dataType, new Shape(batch, channels));
    fc2.initialize(manager, dataType, new Shape(batch, hidden));
    spatial.initialize(manager, dataType, inputShapes[0]);
  }

  private NDArray mlp(ParameterStore ps, NDArray descriptor, boolean training) {
    NDArray h = fc1.forward(ps, new NDList(descriptor), training).singletonOrThrow();
    NDArray z = Activation.relu(h);
    return fc2.forward(ps, new NDList(z), training).singletonOrThrow();
  }

  @Override
  protected NDArray weights(ParameterStore ps, NDArray x, boolean training) {
    NDArray logits = mlp(ps, spatialMean(x), training).add(mlp(ps, spatialMax(x), training));
    NDArray channelWeights =
        Activation.sigmoid(logits).reshape(x.getShape().get(0), channels, 1, 1);
    NDArray refined = x.mul(channelWeights);
    return channelWeights.mul(spatial.weights(ps, refined, training));
  }

  @Override
  public long parameterFormula(int channels) {
    return SqueezeExcitation.formula(channels, reduction) + SpatialGate.formula(spatial.kernel());
  }
}
