package io.dpfah.data;

/**
 * One batch of preprocessed images.
 *
 * @param poolIndices pool index of each image
 * @param pixels float32 pixels, B×C×H×W, row-major
 * @param channels C
 * @param height H
 * @param width W
 */
public record Batch(int[] poolIndices, float[] pixels, int channels, int height, int width) {
  /** Number of images. */
  public int size() {
    return poolIndices.length;
  }
}
