package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpfah.data.Labels;
import io.dpfah.weights.StateDict;

/**
 * DPSH's memory of the latest relaxed code of every training image (DeepHash-pytorch's
 * {@code U}), kept on the Java heap: each batch writes its own rows, then is compared with all
 * rows. Rows of images not yet seen are 0 (θ = 0, a constant log 2 in the loss).
 */
public final class CodeMemory {
  private final Labels labels;
  private final int bits;
  private final float[] codes;
  private final int[] allPositions;

  /** A zeroed memory for the training images with these labels. */
  public CodeMemory(Labels trainLabels, int bits) {
    this.labels = trainLabels;
    this.bits = bits;
    this.codes = new float[trainLabels.size() * bits];
    this.allPositions = java.util.stream.IntStream.range(0, trainLabels.size()).toArray();
  }

  /** Adds the memory's rows to a checkpoint as tensor {@code key}. */
  public void save(StateDict out, String key) {
    out.put(key, new long[] {labels.size(), bits}, () -> codes);
  }

  /** Restores the rows {@link #save} wrote. */
  public void load(StateDict in, String key) {
    float[] saved = in.floats(key);
    if (saved.length != codes.length) {
      throw new IllegalStateException("checkpoint: " + key + " has " + saved.length
          + " values, the memory " + codes.length);
    }
    System.arraycopy(saved, 0, codes, 0, codes.length);
  }

  /** Number of rows (training images). */
  public int size() {
    return labels.size();
  }

  /** Overwrites the rows of the given training positions with a batch's codes (B×K, row-major). */
  public void update(int[] positions, float[] batchCodes) {
    for (int r = 0; r < positions.length; r++) {
      System.arraycopy(batchCodes, r * bits, codes, positions[r] * bits, bits);
    }
  }

  /** All rows as an (N, K) array owned by {@code manager}. */
  public NDArray codes(NDManager manager) {
    return manager.create(codes, new Shape(labels.size(), bits));
  }

  /** s_ij for batch rows (by training position) against every memory row: (B, N) of 0/1. */
  public NDArray similarity(NDManager manager, int[] positions) {
    return similarity(manager, positions, allPositions);
  }

  /** s_ij between two sets of training positions: (|rows|, |cols|) of 0/1. */
  public NDArray similarity(NDManager manager, int[] rows, int[] cols) {
    float[] s = new float[rows.length * cols.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < cols.length; j++) {
        if (labels.relevant(rows[i], labels, cols[j])) {
          s[i * cols.length + j] = 1f;
        }
      }
    }
    return manager.create(s, new Shape(rows.length, cols.length));
  }
}
