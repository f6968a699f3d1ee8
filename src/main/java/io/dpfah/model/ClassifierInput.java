package io.dpfah.model;

/** What the classification branch reads. */
public enum ClassifierInput {
  /** The hash layer's output u = tanh(W·f + b) (B×K): Linear(K → classes). The default. */
  CODES,
  /** The backbone's 512-d pooled features f: Linear(512 → classes), parallel to the hash layer. */
  FEATURES,
  /**
   * sign(u) with a straight-through gradient ({@link HashingNetwork#straightThroughSign}):
   * Linear(K → classes) without bias, GreedyHash's classifier.
   */
  SIGNS;

  /** The value a {@code classifier.input} name stands for ({@code codes} unless named). */
  public static ClassifierInput of(String name) {
    return switch (name) {
      case "features" -> FEATURES;
      case "signs" -> SIGNS;
      default -> CODES;
    };
  }
}
