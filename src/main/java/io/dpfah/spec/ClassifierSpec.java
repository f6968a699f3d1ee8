package io.dpfah.spec;

/**
 * Classification branch on top of the hash layer's input features.
 *
 * @param enabled whether the branch (and its loss term) exists
 */
public record ClassifierSpec(boolean enabled) {}
