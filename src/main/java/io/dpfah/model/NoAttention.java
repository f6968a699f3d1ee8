package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The identity: no attention, no parameters (the baseline ResNet). */
public final class NoAttention extends AbstractAttention {

  /** Creates an identity for {@code channels} channels. */
  public NoAttention(int channels) {
    super(channels);
  }

  @Override
  public String variant() {
    return "none";
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(inputs.singletonOrThrow());
  }

  @Override
  protected NDArray weights(ParameterStore ps, NDArray x, boolean training) {
    return x.onesLike();
  }

  @Override
  public long parameterFormula(int channels) {
    return 0;
  }
}
