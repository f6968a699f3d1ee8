package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.Tracker;

/**
 * SGD with momentum exactly as DJL 0.36's {@code Optimizer.sgd()} computes it (L2 weight decay
 * added to the gradient, the engine's fused {@code sgdUpdate} kernel); its momentum buffers are
 * checkpointed.
 */
final class SgdOptimizer extends CheckpointedOptimizer {
  private final float momentum;

  SgdOptimizer(Tracker lr, float momentum, float weightDecay) {
    super(lr, weightDecay);
    this.momentum = momentum;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    float rate = lr.getNewValue(countUpdate(parameterId));
    NDList inputs = momentum == 0 ? new NDList(weight, grad)
        : new NDList(weight, grad, slot("momentum", parameterId, weight));
    weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight), rate, weightDecay,
        rescaleGrad, clipGrad, momentum, true);
  }
}
