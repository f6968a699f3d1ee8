package io.dpfah.train;

/**
 * Network outputs for a set of images, in the order they were given.
 *
 * @param poolIndices pool index of each row
 * @param codes relaxed codes u, n×K row-major (sign them for binary codes)
 * @param bits K
 * @param logits classification logits, n×C row-major, or {@code null} without the branch
 * @param classes C (0 without the branch)
 */
public record Encoded(int[] poolIndices, float[] codes, int bits, float[] logits, int classes) {
  /** Number of encoded images. */
  public int size() {
    return poolIndices.length;
  }

  /** Arg-max class of each row's logits. */
  public int[] predictedClasses() {
    int[] pred = new int[size()];
    for (int i = 0; i < pred.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (logits[i * classes + c] > logits[i * classes + best]) {
          best = c;
        }
      }
      pred[i] = best;
    }
    return pred;
  }
}
