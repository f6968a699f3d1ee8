package io.dpfah.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import io.dpfah.model.FusedOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam exactly as DJL 0.36's {@code Optimizer.adam()} computes it (β₁ 0.9, β₂ 0.999, ε 1e-8, L2
 * weight decay added to the gradient): the learning rate of update t is corrected by
 * √(1 − β₂ᵗ)/(1 − β₁ᵗ) and the engine's {@code adamUpdate} kernel applies it (ε is added to
 * √v before the correction, where PyTorch adds it after). Its moments are checkpointed.
 *
 * <p>On the CPU the whole network is updated by libtorch's multi-tensor {@code _fused_adam_}
 * ({@link FusedOps}): one pass per tensor instead of DJL's two gradient copies and ten
 * element-wise operations. That kernel adds its ε after the correction, so it is given
 * ε/√(1 − β₂ᵗ), which makes the update the same in exact arithmetic; in float32 the two differ
 * by rounding only (about 1e-7 relative per step).
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
    requireFinite(corrected);
    NDList inputs = new NDList(weight, grad, slot("mean", parameterId, weight),
        slot("variance", parameterId, weight));
    weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), rate, corrected,
        weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
  }

  private void requireFinite(float corrected) {
    if (!Float.isFinite(corrected) || !Float.isFinite(weightDecay)) {
      throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
    }
  }

  @Override
  boolean canUpdateAll(List<Trainable> params) {
    return rescaleGrad == 1f && clipGrad < 0 && FusedOps.unavailable().isEmpty()
        && params.stream().allMatch(p -> Device.Type.CPU.equals(p.weight().getDevice().getDeviceType()));
  }

  @Override
  void updateAll(List<Trainable> params) {
    if (params.isEmpty()) {
      return;
    }
    int t = 0;
    for (Trainable p : params) {
      t = countUpdate(p.id());
    }
    double coef1 = 1.0 - Math.pow(BETA1, t);
    double coef2 = 1.0 - Math.pow(BETA2, t);
    float rate = lr.getNewValue(t);
    requireFinite((float) (rate * Math.sqrt(coef2) / coef1));
    List<NDArray> weights = new ArrayList<>(params.size());
    List<NDArray> means = new ArrayList<>(params.size());
    List<NDArray> variances = new ArrayList<>(params.size());
    for (Trainable p : params) {
      weights.add(p.weight());
      means.add(slot("mean", p.id(), p.weight()));
      variances.add(slot("variance", p.id(), p.weight()));
    }
    try (NDManager scratch = params.get(0).weight().getManager().newSubManager()) {
      List<NDArray> grads = new ArrayList<>(params.size());
      for (NDArray w : weights) {
        NDArray g = w.getGradient();
        g.attach(scratch);
        grads.add(g);
      }
      NDArray step = scratch.create((float) t);
      FusedOps.adam(weights, grads, means, variances, step, rate, BETA1, BETA2, weightDecay,
          EPSILON / Math.sqrt(coef2));
      FusedOps.zero(grads);
    }
  }
}
