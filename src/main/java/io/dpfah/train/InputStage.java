package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One reusable native buffer for input batches. From a heap {@code float[]}, DJL makes every array
 * in a fresh, zeroed direct buffer that is freed only when the garbage collector finds it, so every
 * batch faulted in new pages (3 MB per encoding batch of 256 images at 32 px) and the process grew
 * until a collection. On the CPU, libtorch's array is a view of the buffer ({@code from_blob}), so
 * an array made here is valid until the next {@link #array} call: close one batch's arrays before
 * making the next. Not thread-safe; one per training or encoding loop.
 */
public final class InputStage {
  private ByteBuffer buffer;

  /** {@code pixels} as a float32 array of {@code shape} in {@code nd}. */
  public NDArray array(NDManager nd, float[] pixels, Shape shape) {
    if (shape.size() != pixels.length) {
      throw new IllegalArgumentException(
          "input batch of " + pixels.length + " values for shape " + shape);
    }
    int bytes = Math.multiplyExact(pixels.length, Float.BYTES);
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    buffer.clear();
    buffer.asFloatBuffer().put(pixels);
    buffer.limit(bytes);
    return nd.create(buffer, shape, DataType.FLOAT32);
  }
}
