package io.dpfah.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.lang.reflect.Field;

/**
 * A DJL {@link BatchNorm}'s forward pass whose result is libtorch's own output array rather than
 * a view of it. DJL 0.36's PyTorch engine swaps axis 1 with the block's axis before and after the
 * kernel, so even for axis 1 its result is a transposed view; an in-place operation on a view
 * ({@link InferenceOps#relu}, {@link InferenceOps#addRelu}) makes autograd record
 * {@code CopySlices}, which clones the whole array in the backward pass (with the views'
 * {@code AsStrided} backward, about 100 ms of a 1.9 s step at 224 px, ResNet18, batch 32). Here the same kernel gets the same arguments, so values, running
 * statistics and gradients are the same bits; any other case (another engine or axis, a DJL
 * without these fields) goes through the block's own forward.
 */
public final class BatchNorms {
  private static final Field AXIS = field("axis");
  private static final Field MOMENTUM = field("momentum");
  private static final Field EPSILON = field("epsilon");

  private BatchNorms() {}

  /** {@code bn}'s output for {@code x}, as {@code bn.forward} computes it. */
  public static NDArray forward(BatchNorm bn, ParameterStore ps, NDArray x, boolean training) {
    if (x instanceof PtNDArray && AXIS != null && MOMENTUM != null && EPSILON != null) {
      try {
        if (AXIS.getInt(bn) == 1) {
          Device device = x.getDevice();
          // DJL's engine hands libtorch 1 − momentum (its momentum weighs the old statistics).
          double momentum = 1f - MOMENTUM.getFloat(bn);
          double epsilon = EPSILON.getFloat(bn);
          return JniUtils.batchNorm((PtNDArray) x, value(bn, "runningMean", ps, device, training),
              value(bn, "runningVar", ps, device, training), value(bn, "gamma", ps, device, training),
              value(bn, "beta", ps, device, training), training, momentum, epsilon);
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("BatchNorm fields became inaccessible", e);
      }
    }
    return bn.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  /** {@link #forward(BatchNorm, ParameterStore, NDArray, boolean)} of a list's single array. */
  public static NDList forward(BatchNorm bn, ParameterStore ps, NDList x, boolean training) {
    return new NDList(forward(bn, ps, x.singletonOrThrow(), training));
  }

  private static PtNDArray value(BatchNorm bn, String name, ParameterStore ps, Device device,
      boolean training) {
    Parameter p = bn.getDirectParameters().get(name);
    return (PtNDArray) ps.getValue(p, device, training);
  }

  private static Field field(String name) {
    try {
      Field f = BatchNorm.class.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
