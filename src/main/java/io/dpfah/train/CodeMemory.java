package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.dpfah.data.Labels;
import io.dpfah.weights.StateDict;

/**
 * DPSH's memory of the latest relaxed code of every training image (DeepHash-pytorch's
 * {@code U}) beside the multi-hot labels of all of them, both on the training device
 * ({@link DeviceRows}): each batch writes its own rows, then is compared with all rows, and s_ij
 * is computed there too. Rows of images not yet seen are 0 (θ = 0, a constant log 2 in the loss).
 */
public final class CodeMemory implements AutoCloseable {
  private final DeviceRows codes;
  private final DeviceRows labels;

  /** A zeroed memory, in sub-managers of {@code parent}, for the training images' labels. */
  public CodeMemory(NDManager parent, Labels trainLabels, int bits) {
    int n = trainLabels.size();
    int classes = trainLabels.numClasses();
    this.codes = new DeviceRows(parent, n, bits);
    this.labels = new DeviceRows(parent, n, classes);
    float[] multiHot = new float[n * classes];
    for (int i = 0; i < n; i++) {
      System.arraycopy(trainLabels.multiHot(i), 0, multiHot, i * classes, classes);
    }
    labels.set(multiHot, "training labels");
  }

  /** Adds the memory's rows to a checkpoint as tensor {@code key}. */
  public void save(StateDict out, String key) {
    codes.save(out, key);
  }

  /** Restores the rows {@link #save} wrote. */
  public void load(StateDict in, String key) {
    codes.load(in, key);
  }

  /** Overwrites the rows of the given training positions with a batch's codes (B, K), detached. */
  public void update(NDManager nd, int[] positions, NDArray batchCodes) {
    codes.write(codes.index(nd, positions), batchCodes);
  }

  /** All rows as an (N, K) view owned by {@code nd}. */
  public NDArray codes(NDManager nd) {
    return codes.view(nd);
  }

  /** s_ij for batch rows (by training position) against every memory row: (B, N) of 0/1. */
  public NDArray similarity(NDManager nd, int[] positions) {
    return shares(labels.rows(nd, labels.index(nd, positions)), labels.view(nd));
  }

  /** s_ij between two sets of training positions: (|rows|, |cols|) of 0/1. */
  public NDArray similarity(NDManager nd, int[] rows, int[] cols) {
    NDArray a = labels.rows(nd, labels.index(nd, rows));
    return shares(a, rows == cols ? a : labels.rows(nd, labels.index(nd, cols)));
  }

  /** (a · bᵀ &gt; 0) as float: 1 where a row of multi-hot {@code a} shares a label with one of b. */
  public static NDArray shares(NDArray a, NDArray b) {
    return a.matMul(b.transpose()).gt(0).toType(DataType.FLOAT32, false);
  }

  @Override
  public void close() {
    codes.close();
    labels.close();
  }
}
