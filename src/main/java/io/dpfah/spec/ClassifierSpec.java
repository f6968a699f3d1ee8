package io.dpfah.spec;

/**
 * Classification branch.
 *
 * @param enabled whether the branch (and its loss term) exists
 * @param input what it reads: {@code codes} (the hash layer's output u, the default), {@code
 *     features} (the backbone's pooled features, parallel to the hash layer) or {@code signs}
 *     (sign(u) with a straight-through gradient, no bias: GreedyHash's)
 */
public record ClassifierSpec(boolean enabled, String input) {

  /** A branch reading the codes. */
  public ClassifierSpec(boolean enabled) {
    this(enabled, "codes");
  }
}
