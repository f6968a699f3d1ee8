package io.dpfah.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A NumPy array read by {@link Npy#read(Path)}: dtype, C-order shape and the raw element bytes.
 *
 * @param source file it came from (used in error messages)
 * @param dtype one of int8, uint8, bool, int16, int32, int64, float32, float64
 * @param shape dimensions (empty for a scalar)
 * @param data raw elements in C order; read-only, its byte order is the file's
 */
public record NpyArray(Path source, String dtype, int[] shape, ByteBuffer data) {

  /** Validates and defensively copies the shape; the buffer is kept as a read-only view. */
  public NpyArray {
    shape = shape.clone();
    data = data.asReadOnlyBuffer().order(data.order());
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int ndim() {
    return shape.length;
  }

  /** Size of dimension {@code i}. */
  public int dim(int i) {
    return shape[i];
  }

  /** Number of elements. */
  public int length() {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    return (int) n;
  }

  /** Bytes per element of this dtype. */
  public int itemSize() {
    return Npy.itemSize(dtype);
  }

  /** True for float32/float64. */
  public boolean isFloating() {
    return dtype.startsWith("float");
  }

  /** Element {@code i} (flat, C order) as a double. */
  public double getDouble(int i) {
    return switch (dtype) {
      case "float32" -> data.getFloat(i * 4);
      case "float64" -> data.getDouble(i * 8);
      default -> getLong(i);
    };
  }

  /** Element {@code i} (flat, C order) as a long; floating values are truncated toward zero. */
  public long getLong(int i) {
    return switch (dtype) {
      case "int8" -> data.get(i);
      case "uint8" -> data.get(i) & 0xFF;
      case "bool" -> data.get(i) != 0 ? 1 : 0;
      case "int16" -> data.getShort(i * 2);
      case "int32" -> data.getInt(i * 4);
      case "int64" -> data.getLong(i * 8);
      case "float32" -> (long) data.getFloat(i * 4);
      case "float64" -> (long) data.getDouble(i * 8);
      default -> throw new IllegalStateException("dtype " + dtype);
    };
  }

  /** All elements as doubles. */
  public double[] toDoubles() {
    double[] out = new double[length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** All elements as floats. */
  public float[] toFloats() {
    float[] out = new float[length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) getDouble(i);
    }
    return out;
  }

  /**
   * All elements as ints; integer dtypes only.
   *
   * @throws EvalInputException for floating dtypes or values outside the int range
   */
  public int[] toInts() {
    if (isFloating()) {
      throw new EvalInputException(source + ": dtype " + dtype + ", expected an integer dtype");
    }
    int[] out = new int[length()];
    for (int i = 0; i < out.length; i++) {
      long v = getLong(i);
      if (v != (int) v) {
        throw new EvalInputException(
            source + ": element " + i + " is " + v + ", expected a value in the int range");
      }
      out[i] = (int) v;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NpyArray a) || !a.dtype.equals(dtype) || !Arrays.equals(a.shape, shape)) {
      return false;
    }
    int n = length();
    for (int i = 0; i < n; i++) {
      if (Double.compare(a.getDouble(i), getDouble(i)) != 0 || a.getLong(i) != getLong(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return dtype.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "NpyArray[" + source + ", " + dtype + ", shape=" + Arrays.toString(shape) + "]";
  }

  static ByteBuffer wrap(byte[] bytes, boolean bigEndian) {
    return ByteBuffer.wrap(bytes).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }
}
