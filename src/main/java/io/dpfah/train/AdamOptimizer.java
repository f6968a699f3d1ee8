package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.Tracker;

/**
 * Adam exactly as DJL 0.36's {@code Optimizer.adam()} computes it (β₁ 0.9, β₂ 0.999, ε 1e-8, L2
 * weight decay added to the gradient): the learning rate of update t is corrected by
 * √(1 − β₂ᵗ)/(1 − β₁ᵗ) and the engine's fused {@code adamUpdate} kernel applies it (ε is added to
 * √v before the correction, where PyTorch adds it after). Its moments are checkpointed.
 */
final class AdamOptimizer extends CheckpointedOptimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  AdamOptimizer(Tracker lr, float weightDecay) {
    super(lr, weightDecay);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = countUpdate(parameterId);
    double coef1 = 1.0 - Math.pow(BETA1, t);
    double coef2 = 1.0 - Math.pow(BETA2, t);
    float rate = lr.getNewValue(t);
    float corrected = (float) (rate * Math.sqrt(coef2) / coef1);
    if (!Float.isFinite(corrected) || !Float.isFinite(weightDecay)) {
      throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
    }
    NDList inputs = new NDList(weight, grad, slot("mean", parameterId, weight),
        slot("variance", parameterId, weight));
    weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), rate, corrected,
        weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
  }
}
