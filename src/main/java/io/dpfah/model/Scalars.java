package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Engine-owned scalar constants for differentiable arithmetic.
 *
 * <p>Why: DJL 0.36's PyTorch {@code NDArray.mul(Number)} (likewise div, maximum, ...) wraps the
 * number in a tensor over a Java direct buffer and closes it right after the op. PyTorch's
 * autograd keeps that tensor for the backward pass, but nothing keeps the Java buffer alive: once
 * the garbage collector frees it, backward reads freed memory. We saw identical seeds give
 * different losses and occasional NaN after a few epochs. A scalar made with {@code full} lives in
 * PyTorch's own allocator and is reference-counted by autograd, so it stays valid. Use this for
 * every constant operand whose op saves it for backward (mul, div, maximum, minimum, pow).
 */
public final class Scalars {
  private Scalars() {}

  /** A 0-d array holding {@code value}, with {@code like}'s data type, device and manager. */
  public static NDArray of(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }
}
