package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Shape-preserving base of the attention variants: forward = {@code x * weights(x)}. */
abstract class AbstractAttention extends AbstractBlock implements AttentionModule {

  /** Number of channels this module was built for. */
  protected final int channels;

  AbstractAttention(int channels) {
    super((byte) 1);
    if (channels <= 0) {
      throw new ModelException("attention channels: expected > 0, got " + channels);
    }
    this.channels = channels;
  }

  /** The multiplicative weights for {@code x}, broadcastable to its shape. */
  protected abstract NDArray weights(ParameterStore ps, NDArray x, boolean training);

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = weights(ps, x, training);
    return new NDList(consumed(w, InferenceOps.weigh(x, w)));
  }

  /**
   * {@code next}, after closing {@code used} unless it is {@code next} itself (an in-place step):
   * for an intermediate that only {@code next}'s operation read. Closing drops only this handle;
   * libtorch keeps whatever the backward pass saved.
   */
  static NDArray consumed(NDArray used, NDArray next) {
    if (used != next) {
      used.close();
    }
    return next;
  }

  @Override
  public NDArray attentionMap(NDArray x) {
    if (x.getShape().dimension() != 4 || x.getShape().get(1) != channels) {
      throw new ModelException(
          variant() + " attention: expected a B×" + channels + "×H×W input, got " + x.getShape());
    }
    return weights(new ParameterStore(x.getManager(), false), x, false);
  }

  /** x (B×C×H×W) viewed as B×C×(H·W); PyTorch-engine reductions take a single axis. */
  static NDArray flatSpatial(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
  }

  /** Per-sample, per-channel mean over H×W, shape B×C. */
  static NDArray spatialMean(NDArray x) {
    return flatSpatial(x).mean(new int[] {2});
  }

  /** Per-sample, per-channel max over H×W, shape B×C. */
  static NDArray spatialMax(NDArray x) {
    return flatSpatial(x).max(new int[] {2});
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
