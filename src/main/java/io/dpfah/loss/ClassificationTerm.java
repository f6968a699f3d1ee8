package io.dpfah.loss;

import ai.djl.ndarray.NDArray;

/**
 * Classification branch loss: softmax cross-entropy for single-label data, sigmoid binary
 * cross-entropy (mean over labels) for multi-label data. Both in log-sum-exp stable form.
 */
public final class ClassificationTerm implements LossTerm {
  @Override
  public String name() {
    return "classification";
  }

  @Override
  public NDArray compute(LossInputs in) {
    NDArray z = in.logits();
    NDArray y = in.targets();
    if (in.multiLabel()) {
      return Softplus.of(z).sub(z.mul(y)).mean();
    }
    return z.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mean();
  }
}
