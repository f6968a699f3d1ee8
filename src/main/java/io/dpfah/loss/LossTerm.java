package io.dpfah.loss;

import ai.djl.ndarray.NDArray;

/** One term of the hashing objective; returns a scalar NDArray. */
public interface LossTerm {
  /** Short name used in logs and in history.csv. */
  String name();

  /** The term's value for one batch (a scalar). */
  NDArray compute(LossInputs in);
}
