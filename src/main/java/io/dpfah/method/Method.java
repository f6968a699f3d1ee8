package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import io.dpfah.weights.StateDict;
import java.util.Map;

/**
 * A deep-hashing method's training objective with its state (code memory, class centres,
 * continuation scale). One instance lives for one training run; {@link #loss} is called once per
 * batch, in order, and the hooks around each epoch. Closing it frees the state it keeps on the
 * training device.
 */
public interface Method extends AutoCloseable {

  /** One batch's loss: {@code total} to back-propagate and each reported term (unweighted). */
  record Result(NDArray total, Map<String, NDArray> terms) {}

  /** The batch's loss; may update the method's state (e.g. write the batch into its memory). */
  Result loss(MethodBatch batch);

  /** Called before epoch {@code epoch} (1-based) starts. */
  default void beforeEpoch(int epoch) {}

  /** Called after epoch {@code epoch} (1-based) has finished. */
  default void afterEpoch(int epoch) {}

  /**
   * Adds the state that training changes (code memories, adapted targets, the continuation
   * scale) to a checkpoint, under keys starting with {@code prefix}; what the seed fixes (CSQ's
   * Hadamard centres, OrthoHash's codebook, DPN's initial targets) is rebuilt instead. The arrays
   * are read when the checkpoint is written, before the next batch.
   */
  default void save(StateDict out, String prefix) {}

  /** Replaces the state by what {@link #save} wrote under {@code prefix}. */
  default void load(StateDict in, String prefix) {}

  /** Frees the arrays the method keeps across batches. */
  @Override
  default void close() {}
}
