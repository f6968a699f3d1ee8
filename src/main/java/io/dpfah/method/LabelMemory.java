package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dpfah.weights.StateDict;

/**
 * DeepHash-pytorch's {@code U} and {@code Y}: the latest code and label row of every training
 * image, zero until written (a zero label row is similar to nothing).
 */
final class LabelMemory {
  private final int rows;
  private final int bits;
  private final int classes;
  private final float[] codes;
  private final float[] labels;

  LabelMemory(int rows, int bits, int classes) {
    this.rows = rows;
    this.bits = bits;
    this.classes = classes;
    this.codes = new float[rows * bits];
    this.labels = new float[rows * classes];
  }

  /** Writes the batch's codes (detached) and labels into rows {@code positions}. */
  void write(int[] positions, NDArray u, NDArray y) {
    float[] uf = u.toFloatArray();
    float[] yf = y.toFloatArray();
    for (int r = 0; r < positions.length; r++) {
      int p = positions[r];
      if (p < 0 || p >= rows) {
        throw new IllegalArgumentException("training position " + p + " is outside the memory's "
            + rows + " rows");
      }
      System.arraycopy(uf, r * bits, codes, p * bits, bits);
      System.arraycopy(yf, r * classes, labels, p * classes, classes);
    }
  }

  NDArray codes(NDManager nd) {
    return nd.create(codes, new Shape(rows, bits));
  }

  NDArray labels(NDManager nd) {
    return nd.create(labels, new Shape(rows, classes));
  }

  /** Adds both tables to a checkpoint. */
  void save(StateDict out, String prefix) {
    out.put(prefix + "codes", new long[] {rows, bits}, () -> codes);
    out.put(prefix + "labels", new long[] {rows, classes}, () -> labels);
  }

  /** Restores both tables from a checkpoint. */
  void load(StateDict in, String prefix) {
    copy(in.floats(prefix + "codes"), codes, prefix + "codes");
    copy(in.floats(prefix + "labels"), labels, prefix + "labels");
  }

  static void copy(float[] from, float[] to, String what) {
    if (from.length != to.length) {
      throw new IllegalStateException("checkpoint: " + what + " has " + from.length
          + " values, expected " + to.length);
    }
    System.arraycopy(from, 0, to, 0, to.length);
  }

  float[] rawCodes() {
    return codes;
  }

  float[] rawLabels() {
    return labels;
  }

  /** (y · Yᵀ &gt; 0) as float: 1 where a batch row shares a label with a memory row. */
  static NDArray shares(NDArray y, NDArray memoryLabels) {
    return y.matMul(memoryLabels.transpose()).gt(0).toType(DataType.FLOAT32, false);
  }
}
