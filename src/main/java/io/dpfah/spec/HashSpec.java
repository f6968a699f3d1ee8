package io.dpfah.spec;

/**
 * Hash layer: a linear layer to {@code bits} units followed by tanh.
 *
 * @param bits code length K
 */
public record HashSpec(int bits) {}
