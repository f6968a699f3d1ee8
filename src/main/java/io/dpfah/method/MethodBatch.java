package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a method's loss sees for one batch.
 *
 * @param manager the batch's manager: every array made for the loss belongs to it
 * @param u the network's output (B, K), requires gradient
 * @param logits classification logits (B, C), or {@code null} when there is no classifier
 * @param labels one-hot or multi-hot labels (B, C), float32
 * @param positions each row's training position (row of a code memory)
 */
public record MethodBatch(
    NDManager manager, NDArray u, NDArray logits, NDArray labels, int[] positions) {}
