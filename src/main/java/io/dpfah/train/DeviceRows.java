package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.dpfah.weights.StateDict;
import java.util.Arrays;

/**
 * A long-lived (rows, width) float table on the training device, in a manager of its own: a batch
 * overwrites its rows in place and reads the whole table as a view, so nothing goes through the
 * host between checkpoints. What is written is detached, so the table carries no autograd
 * history.
 */
public final class DeviceRows implements AutoCloseable {
  private final NDManager manager;
  private final NDArray table;
  private final int rows;
  private final int width;

  /** A zeroed table in a sub-manager of {@code parent} (on its device). */
  public DeviceRows(NDManager parent, int rows, int width) {
    this.manager = parent.newSubManager();
    this.table = manager.zeros(new Shape(rows, width));
    this.rows = rows;
    this.width = width;
  }

  /** A table in a sub-manager of {@code parent} holding row-major {@code values}. */
  public DeviceRows(NDManager parent, int rows, int width, float[] values) {
    this(parent, rows, width);
    set(values, "a table of " + rows + "×" + width);
  }

  /**
   * Training positions as an index array of {@code nd} (a host-to-device upload of the ints).
   *
   * @throws IllegalArgumentException when a position is outside the table or repeated (which
   *     of two writes to one row would win is undefined on the device)
   */
  public NDIndex index(NDManager nd, int[] positions) {
    long[] at = new long[positions.length];
    for (int r = 0; r < positions.length; r++) {
      if (positions[r] < 0 || positions[r] >= rows) {
        throw new IllegalArgumentException("training position " + positions[r]
            + " is outside the memory's " + rows + " rows");
      }
      at[r] = positions[r];
    }
    long[] sorted = at.clone();
    Arrays.sort(sorted);
    for (int r = 1; r < sorted.length; r++) {
      if (sorted[r] == sorted[r - 1]) {
        throw new IllegalArgumentException("training position " + sorted[r]
            + " appears twice in one batch");
      }
    }
    return new NDIndex("{}", nd.create(at));
  }

  /** Overwrites the rows at {@code index} with {@code values} (detached), (|index|, width). */
  public void write(NDIndex index, NDArray values) {
    table.set(index, values.stopGradient());
  }

  /** The whole table as a view owned by {@code nd} (no copy; later writes show through). */
  public NDArray view(NDManager nd) {
    return table.get(nd, new NDIndex(":"));
  }

  /** The rows at {@code index}, copied into {@code nd}. */
  public NDArray rows(NDManager nd, NDIndex index) {
    return table.get(nd, index);
  }

  /**
   * Overwrites the whole table with row-major {@code values}.
   *
   * @throws IllegalStateException when their count does not fit; {@code what} names them
   */
  public void set(float[] values, String what) {
    if (values.length != rows * width) {
      throw new IllegalStateException("checkpoint: " + what + " has " + values.length
          + " values, expected " + rows * width);
    }
    table.set(values);
  }

  /** A host copy of the table, row-major (for checkpoints and per-epoch statistics). */
  public float[] toFloatArray() {
    return table.toFloatArray();
  }

  /** Adds the table to a checkpoint as tensor {@code key}, copied off the device when written. */
  public void save(StateDict out, String key) {
    out.put(key, new long[] {rows, width}, table::toFloatArray);
  }

  /** Restores what {@link #save} wrote under {@code key}. */
  public void load(StateDict in, String key) {
    set(in.floats(key), key);
  }

  @Override
  public void close() {
    manager.close();
  }
}
