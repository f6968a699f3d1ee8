package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

/**
 * Runs a {@link SequentialBlock}'s children (and theirs) in order, closing each intermediate
 * output as soon as the next block has consumed it; the input and the result stay open. DJL's own
 * sequential forward keeps every intermediate until the step's manager closes, so a 224 px batch
 * held the stem's three full-size maps at once (about 0.6 GB at batch 64) where PyTorch frees each
 * when its last user is done. Closing drops only this handle: libtorch keeps whatever the backward
 * pass saved, so the values and gradients are the same. Not for passes an attention probe watches.
 * Only plain sequences are entered; a subclass (the channels-last stem) runs its own forward.
 */
final class Intermediates {
  private Intermediates() {}

  static NDList forward(SequentialBlock sequence, ParameterStore ps, NDList inputs,
      boolean training) {
    NDList current = inputs;
    for (Block block : sequence.getChildren().values()) {
      NDList next = block.getClass() == SequentialBlock.class
          ? forward((SequentialBlock) block, ps, current, training)
          : block.forward(ps, current, training);
      if (current != inputs) {
        closeAllBut(current, next);
      }
      current = next;
    }
    return current;
  }

  private static void closeAllBut(NDList done, NDList kept) {
    for (NDArray a : done) {
      if (kept.stream().noneMatch(k -> k == a)) {
        a.close();
      }
    }
  }
}
