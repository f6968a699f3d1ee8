package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.Tracker;

/**
 * RMSprop as PyTorch's {@code torch.optim.RMSprop} (α 0.99, ε 1e-8, not centred): with
 * g ← g + λ·w, v ← α·v + (1 − α)·g², then w ← w − lr·b with b ← μ·b + g/(√v + ε) (μ = momentum;
 * b = g/(√v + ε) when μ is 0). DJL's own RMSprop has no kernel in the PyTorch engine ("Not
 * implemented"), so this one computes the step with array operations and applies it through the
 * fused SGD kernel, which also clears the gradient. Its averages and buffers are checkpointed.
 */
final class RmsPropOptimizer extends CheckpointedOptimizer {
  private static final float ALPHA = 0.99f;
  private static final float EPSILON = 1e-8f;

  private final float momentum;

  RmsPropOptimizer(Tracker lr, float momentum, float weightDecay) {
    super(lr, weightDecay);
    this.momentum = momentum;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    float rate = lr.getNewValue(countUpdate(parameterId));
    NDArray square = slot("square_avg", parameterId, weight);
    NDList temporaries = new NDList();
    try {
      NDArray g = weightDecay == 0 ? grad
          : keep(temporaries, grad.add(keep(temporaries, weight.mul(weightDecay))));
      square.muli(ALPHA).addi(keep(temporaries, keep(temporaries, g.square()).muli(1 - ALPHA)));
      NDArray step = keep(temporaries, g.div(keep(temporaries,
          keep(temporaries, square.sqrt()).addi(EPSILON))));
      if (momentum != 0) {
        NDArray buf = slot("momentum_buffer", parameterId, weight);
        buf.muli(momentum).addi(step);
        step = buf;
      }
      weight.getNDArrayInternal().sgdUpdate(new NDList(weight, step), new NDList(weight), rate,
          0f, 1f, -1f, 0f, true);
    } finally {
      temporaries.close();
    }
  }

  private static NDArray keep(NDList list, NDArray a) {
    list.add(a);
    return a;
  }
}
