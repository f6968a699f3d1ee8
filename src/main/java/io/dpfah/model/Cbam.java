package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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
  private final ChannelMlp mlp;
  private final SpatialGate spatial;

  /** Creates CBAM for {@code channels} channels. */
  public Cbam(int channels, int reduction, int spatialKernel) {
    super(channels);
    this.reduction = reduction;
    this.mlp = new ChannelMlp(channels, reduction);
    addChildBlock("fc1", mlp.fc1());
    addChildBlock("fc2", mlp.fc2());
    this.spatial = addChildBlock("spatial", new SpatialGate(channels, spatialKernel));
  }

  @Override
  public String variant() {
    return "cbam";
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    mlp.initialize(manager, dataType, inputShapes[0].get(0));
    spatial.initialize(manager, dataType, inputShapes[0]);
  }

  @Override
  protected NDArray weights(ParameterStore ps, NDArray x, boolean training) {
    NDArray logits = mlp.forward(ps, spatialMean(x), training)
        .add(mlp.forward(ps, spatialMax(x), training));
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
