package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.dpfah.train.DeviceRows;
import io.dpfah.weights.StateDict;

/**
 * DeepHash-pytorch's {@code U} and {@code Y}: the latest code and label row of every training
 * image, zero until written (a zero label row is similar to nothing), kept on the training device
 * ({@link DeviceRows}).
 */
final class LabelMemory implements AutoCloseable {
  private final DeviceRows codes;
  private final DeviceRows labels;

  LabelMemory(NDManager parent, int rows, int bits, int classes) {
    this.codes = new DeviceRows(parent, rows, bits);
    this.labels = new DeviceRows(parent, rows, classes);
  }

  /** Writes the batch's codes (detached) and labels into the rows of its positions. */
  void write(MethodBatch b) {
    NDIndex at = codes.index(b.manager(), b.positions());
    codes.write(at, b.u());
    labels.write(at, b.labels());
  }

  /** The code table (N, K) as a view owned by {@code nd}. */
  NDArray codes(NDManager nd) {
    return codes.view(nd);
  }

  /** The label table (N, C) as a view owned by {@code nd}. */
  NDArray labels(NDManager nd) {
    return labels.view(nd);
  }

  /** Adds both tables to a checkpoint. */
  void save(StateDict out, String prefix) {
    codes.save(out, prefix + "codes");
    labels.save(out, prefix + "labels");
  }

  /** Restores both tables from a checkpoint. */
  void load(StateDict in, String prefix) {
    codes.load(in, prefix + "codes");
    labels.load(in, prefix + "labels");
  }

  /** A host copy of the code table, row-major (once an epoch, not every batch). */
  float[] hostCodes() {
    return codes.toFloatArray();
  }

  /** A host copy of the label table, row-major. */
  float[] hostLabels() {
    return labels.toFloatArray();
  }

  @Override
  public void close() {
    codes.close();
    labels.close();
  }
}
