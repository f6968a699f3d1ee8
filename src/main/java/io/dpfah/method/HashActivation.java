package io.dpfah.method;

/** What the network applies to the hash layer's output before it returns u. */
public enum HashActivation {
  /** u = tanh(W·f + b): the dpfah network. */
  TANH,
  /** u = W·f + b: DeepHash-pytorch's networks; the method's loss applies any activation itself. */
  NONE,
  /**
   * u = BatchNorm(W·f + b): cisip-FIRe's OrthoHash hash layer ({@code hash_fc_output: bn}; its
   * Linear has no bias, which BatchNorm makes irrelevant).
   */
  BATCH_NORM
}
