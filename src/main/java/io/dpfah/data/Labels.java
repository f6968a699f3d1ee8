package io.dpfah.data;

import java.util.Arrays;

/**
 * Immutable labels of n items: one class id each, or a multi-hot row each. Stored as bit masks
 * (one or more {@code long} words per item) so relevance tests ("share at least one label") are a
 * few AND instructions.
 */
public final class Labels {
  private final int size;
  private final int numClasses;
  private final boolean multiLabel;
  private final int words;
  private final long[] masks;

  private Labels(int size, int numClasses, boolean multiLabel, long[] masks) {
    this.size = size;
    this.numClasses = numClasses;
    this.multiLabel = multiLabel;
    this.words = Math.max(1, (numClasses + 63) >>> 6);
    this.masks = masks;
  }

  /** Single-label items; every id must lie in [0, numClasses). */
  public static Labels ofClassIds(int[] ids, int numClasses) {
    if (numClasses <= 0) {
      throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
    }
    int words = (numClasses + 63) >>> 6;
    long[] masks = new long[ids.length * words];
    for (int i = 0; i < ids.length; i++) {
      int c = ids[i];
      if (c < 0 || c >= numClasses) {
        throw new IllegalArgumentException(
            "label of item " + i + " is " + c + ", expected a class id in [0, " + numClasses + ")");
      }
      masks[i * words + (c >>> 6)] |= 1L << (c & 63);
    }
    return new Labels(ids.length, numClasses, false, masks);
  }

  /** Multi-label items from multi-hot rows (non-zero = label present), all rows equally long. */
  public static Labels ofMultiHot(byte[][] rows) {
    int c = rows.length == 0 ? 1 : rows[0].length;
    int words = Math.max(1, (c + 63) >>> 6);
    long[] masks = new long[rows.length * words];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != c) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rows[i].length + " labels, expected " + c);
      }
      for (int k = 0; k < c; k++) {
        if (rows[i][k] != 0) {
          masks[i * words + (k >>> 6)] |= 1L << (k & 63);
        }
      }
    }
    return new Labels(rows.length, c, true, masks);
  }

  /** Number of items. */
  public int size() {
    return size;
  }

  /** Number of classes (single-label) or label columns (multi-label). */
  public int numClasses() {
    return numClasses;
  }

  /** True when items carry multi-hot rows rather than one class id. */
  public boolean isMultiLabel() {
    return multiLabel;
  }

  /** Number of 64-bit words in one item's mask. */
  public int words() {
    return words;
  }

  /** Word {@code w} of item {@code i}'s label mask. */
  public long mask(int i, int w) {
    return masks[i * words + w];
  }

  /** True when item {@code i} of this set and item {@code j} of {@code other} share a label. */
  public boolean relevant(int i, Labels other, int j) {
    for (int w = 0; w < words; w++) {
      if ((masks[i * words + w] & other.masks[j * words + w]) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Class id of a single-label item (the lowest set label of a multi-label one, -1 if none). */
  public int classId(int i) {
    for (int w = 0; w < words; w++) {
      long m = masks[i * words + w];
      if (m != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(m);
      }
    }
    return -1;
  }

  /** Item {@code i}'s labels as a 0/1 float row of length {@link #numClasses()}. */
  public float[] multiHot(int i) {
    float[] row = new float[numClasses];
    for (int k = 0; k < numClasses; k++) {
      if ((masks[i * words + (k >>> 6)] & (1L << (k & 63))) != 0) {
        row[k] = 1f;
      }
    }
    return row;
  }

  /** The labels of the given items, in that order. */
  public Labels subset(int[] indices) {
    long[] sub = new long[indices.length * words];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(masks, indices[r] * words, sub, r * words, words);
    }
    return new Labels(indices.length, numClasses, multiLabel, sub);
  }

  /** Items per class (a multi-label item counts once for each of its labels). */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    for (int i = 0; i < size; i++) {
      for (int k = 0; k < numClasses; k++) {
        if ((masks[i * words + (k >>> 6)] & (1L << (k & 63))) != 0) {
          counts[k]++;
        }
      }
    }
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels l
        && l.size == size
        && l.numClasses == numClasses
        && l.multiLabel == multiLabel
        && Arrays.equals(l.masks, masks);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(masks) * 31 + numClasses;
  }
}
