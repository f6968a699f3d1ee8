package io.dpfah.spec;

/**
 * Classification branch.
 *
 * @param enabled whether the branch (and its loss term) exists
 * @param input what it reads: {@code codes} (the hash layer's tanh output, the default) or
 *     {@code features} (the backbone's pooled features, parallel to the hash layer)
 */
public record ClassifierSpec(boolean enabled, String input) {

  /** A branch reading the codes. */
  public ClassifierSpec(boolean enabled) {
    this(enabled, "codes");
  }
}
