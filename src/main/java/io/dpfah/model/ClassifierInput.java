package io.dpfah.model;

/** What the classification branch reads. */
public enum ClassifierInput {
  /** The hash layer's output u = tanh(W·f + b) (B×K): Linear(K → classes). The default. */
  CODES,
  /** The backbone's 512-d pooled features f: Linear(512 → classes), parallel to the hash layer. */
  FEATURES
}
