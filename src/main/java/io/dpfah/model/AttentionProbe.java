package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Sees the input of every attention module, in block order, during a forward pass whose
 * parameters carry it ({@link #params}): {@code backbone.forward(ps, x, false, probe.params())}.
 * Residual blocks call their attention through {@link #attend}, so a pass without a probe is the
 * ordinary one. For attention maps of a trained network ({@link AttentionModule#attentionMap}).
 */
@FunctionalInterface
public interface AttentionProbe {
  /** The key of the probe in a forward pass's parameters. */
  String KEY = "dpfah.attentionProbe";

  /**
   * Called with an attention module and the feature map it is about to weight; the array lives
   * as long as the forward pass's manager.
   */
  void observe(AttentionModule module, NDArray input);

  /** Forward-pass parameters carrying this probe. */
  default PairList<String, Object> params() {
    PairList<String, Object> p = new PairList<>();
    p.add(KEY, this);
    return p;
  }

  /** Shows {@code x} to the probe in {@code params}, if any, then applies the attention. */
  static NDList attend(AttentionModule attention, ParameterStore ps, NDList x, boolean training,
      PairList<String, Object> params) {
    if (params != null && params.get(KEY) instanceof AttentionProbe probe) {
      probe.observe(attention, x.singletonOrThrow());
    }
    return attention.forward(ps, x, training);
  }
}
