package io.dpfah.loss;

import ai.djl.ndarray.NDArray;

/**
 * The quantisation ("regulation") term {@code mean((|u| − 1)²)}: pulls relaxed codes towards ±1,
 * equal to DeepHash-pytorch's {@code (u − sign(u))²} wherever u ≠ 0.
 */
public final class QuantizationTerm implements LossTerm {
  @Override
  public String name() {
    return "quantization";
  }

  @Override
  public NDArray compute(LossInputs in) {
    return in.codes().abs().sub(1f).square().mean();
  }
}
