package io.dpfah.spec;

/**
 * Hash layer: a linear layer to {@code bits} units followed by the method's activation.
 *
 * @param bits code length K
 */
public record HashSpec(int bits) {}
