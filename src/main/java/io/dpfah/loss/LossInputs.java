package io.dpfah.loss;

import ai.djl.ndarray.NDArray;

/**
 * What the loss terms of one batch see.
 *
 * @param codes relaxed codes u = tanh(...), shape (B, K), requires gradient
 * @param logits classification logits (B, C), or {@code null} when the branch is off
 * @param targets class targets: multi-hot (B, C) float for multi-label data, one-hot otherwise
 * @param memoryCodes codes compared with the batch, shape (N, K), no gradient (the DPSH memory
 *     of all training images, or the batch itself when the memory is off)
 * @param similarity s_ij in {0,1}, shape (B, N): 1 when batch item i and memory item j share a
 *     label
 * @param multiLabel whether the classification term is sigmoid + BCE rather than softmax + CE
 */
public record LossInputs(
    NDArray codes,
    NDArray logits,
    NDArray targets,
    NDArray memoryCodes,
    NDArray similarity,
    boolean multiLabel) {}
