package io.dpfah.loss;

import ai.djl.nn.Activation;
import ai.djl.ndarray.NDArray;

/** Overflow-free softplus, shared by the likelihood-based terms. */
final class Softplus {
  private Softplus() {}

  /** {@code log(1 + e^x)} as {@code max(x,0) + log(1 + e^−|x|)}: never exponentiates a positive. */
  static NDArray of(NDArray x) {
    return Activation.relu(x).add(x.abs().neg().exp().add(1f).log());
  }
}
