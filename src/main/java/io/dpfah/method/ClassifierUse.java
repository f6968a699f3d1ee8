package io.dpfah.method;

/** Whether and how a method uses the network's classification branch (its head's second half). */
public enum ClassifierUse {
  /** No branch: {@code classifier.enabled} must be false. */
  NONE,
  /** On by default and may be switched off; reads what {@code classifier.input} names. */
  OPTIONAL,
  /**
   * Always on, reading sign(u) with a straight-through gradient through a Linear without bias
   * ({@code classifier.input: signs}): GreedyHash's classifier, trained with the network.
   */
  SIGNS
}
