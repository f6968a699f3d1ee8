package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * The channel MLP shared by SE and CBAM: {@code C → max(1, C/r) → C}, both layers with biases,
 * ReLU between them. The owning block registers {@link #fc1()} and {@link #fc2()} as its children
 * so parameter names stay {@code fc1}/{@code fc2} under the attention module.
 */
final class ChannelMlp {
  private final int channels;
  private final int hidden;
  private final Linear fc1;
  private final Linear fc2;

  ChannelMlp(int channels, int reduction) {
    this.channels = channels;
    this.hidden = SqueezeExcitation.hiddenUnits(channels, reduction);
    this.fc1 = Linear.builder().setUnits(hidden).optBias(true).build();
    this.fc2 = Linear.builder().setUnits(channels).optBias(true).build();
  }

  Linear fc1() {
    return fc1;
  }

  Linear fc2() {
    return fc2;
  }

  /** Initialises both layers for descriptors of shape (batch, C). */
  void initialize(NDManager manager, DataType dataType, long batch) {
    fc1.initialize(manager, dataType, new Shape(batch, channels));
    fc2.initialize(manager, dataType, new Shape(batch, hidden));
  }

  /** Channel logits (B, C) of a (B, C) descriptor. */
  NDArray forward(ParameterStore ps, NDArray descriptor, boolean training) {
    NDArray h = fc1.forward(ps, new NDList(descriptor), training).singletonOrThrow();
    return fc2.forward(ps, new NDList(Activation.relu(h)), training).singletonOrThrow();
  }
}
