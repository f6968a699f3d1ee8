package io.dpfah.method;

/** What the network applies to the hash layer's output before it returns u. */
public enum HashActivation {
  /** u = tanh(W·f + b): the dpfah network. */
  TANH,
  /** u = W·f + b: DeepHash-pytorch's networks; the method's loss applies any activation itself. */
  NONE
}
