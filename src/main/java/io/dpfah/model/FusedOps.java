package io.dpfah.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * libtorch's multi-tensor optimiser kernels, which DJL 0.36 does not wrap: {@code _fused_adam_}
 * (one pass over parameter, gradient and both moments per tensor, PyTorch's {@code fused=True}
 * Adam) and {@code _foreach_zero_}, called through {@link LibTorchCall}. A DJL handle is the
 * address of a heap {@code at::Tensor}, itself one pointer, so a {@code TensorList} argument is
 * built by copying those pointers into one native block, borrowed for the call (no reference
 * counts change). {@code ArrayRef} is passed as its two words, which the x86-64 System V
 * convention treats exactly like two integer arguments; other platforms are reported unavailable.
 *
 * <p>A C++ exception cannot cross the foreign-function boundary, so every argument is checked
 * here first (float32, CPU, matching shapes); the kernels' own checks can then not fail.
 */
public final class FusedOps {
  private static final String FUSED_ADAM =
      "_ZN2at4_ops12_fused_adam_4callEN3c108ArrayRefINS_6TensorEEES5_S5_S5_S5_S5_dddddbbRKSt8"
          + "optionalIS4_ES9_";
  private static final String FOREACH_ZERO =
      "_ZN2at4_ops14_foreach_zero_4callEN3c108ArrayRefINS_6TensorEEE";
  private static final long WORD = 8;
  /** Bytes of an empty {@code std::optional<at::Tensor>} (libstdc++: pointer, engaged flag). */
  private static final long OPTIONAL = 16;

  private static LibTorchCall.Binding adam;
  private static LibTorchCall.Binding zero;
  private static LibTorchCall.Binding calloc;
  private static LibTorchCall.Binding free;
  private static LibTorchCall.Binding memcpy;
  private static Optional<String> unavailable;

  private FusedOps() {}

  /** Whether this platform's calling convention is the one the bindings assume (x86-64 Linux). */
  public static boolean platformSupported() {
    String arch = System.getProperty("os.arch", "");
    return OneDnn.isLinux() && (arch.equals("amd64") || arch.equals("x86_64"));
  }

  /** Empty when the fused kernels can be called in this process, else why not (bound once). */
  public static synchronized Optional<String> unavailable() {
    if (unavailable == null) {
      unavailable = bindAll();
    }
    return unavailable;
  }

  private static Optional<String> bindAll() {
    if (!platformSupported()) {
      return Optional.of("fused optimiser kernels are bound on x86-64 Linux only (here "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")");
    }
    LibTorchCall.CType l = LibTorchCall.CType.LONG;
    LibTorchCall.CType d = LibTorchCall.CType.DOUBLE;
    LibTorchCall.CType b = LibTorchCall.CType.BYTE;
    LibTorchCall.CType v = LibTorchCall.CType.VOID;
    adam = LibTorchCall.bind(FUSED_ADAM, v, l, l, l, l, l, l, l, l, l, l, l, l, d, d, d, d, d,
        b, b, l, l);
    zero = LibTorchCall.bind(FOREACH_ZERO, v, l, l);
    calloc = LibTorchCall.bind("calloc", l, l, l);
    free = LibTorchCall.bind("free", v, l);
    memcpy = LibTorchCall.bind("memcpy", l, l, l, l);
    for (LibTorchCall.Binding binding : List.of(adam, zero, calloc, free, memcpy)) {
      if (!binding.bound()) {
        return Optional.of(binding.unavailable());
      }
    }
    return Optional.empty();
  }

  /**
   * PyTorch's Adam step on every tensor i, in place: with g = grads[i] + weightDecay·params[i],
   * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², and params[i] ← params[i] − lr/(1−β₁ᵗ) ·
   * m/(√v/√(1−β₂ᵗ) + eps), where t is the value of {@code step} (a float32 scalar). The
   * gradients are not changed. Gradient mode is off during the call.
   *
   * @throws IllegalArgumentException when the arguments are not float32 CPU arrays of matching
   *     shapes (nothing is changed then)
   * @throws IllegalStateException when the kernel is {@link #unavailable()}
   */
  public static void adam(List<NDArray> params, List<NDArray> grads, List<NDArray> means,
      List<NDArray> variances, NDArray step, double lr, double beta1, double beta2,
      double weightDecay, double eps) {
    int n = params.size();
    if (grads.size() != n || means.size() != n || variances.size() != n) {
      throw new IllegalArgumentException("fused adam: " + n + " parameters, " + grads.size()
          + " gradients, " + means.size() + " first and " + variances.size() + " second moments");
    }
    for (int i = 0; i < n; i++) {
      for (NDArray a : List.of(grads.get(i), means.get(i), variances.get(i))) {
        check(a);
        if (!a.getShape().equals(params.get(i).getShape())) {
          throw new IllegalArgumentException("fused adam: tensor " + i + " has shape "
              + params.get(i).getShape() + " but its state has " + a.getShape());
        }
      }
      check(params.get(i));
    }
    check(step);
    if (step.getShape().size() != 1) {
      throw new IllegalArgumentException("fused adam: the step is " + step.getShape());
    }
    requireBound();
    List<List<NDArray>> lists = List.of(params, grads, means, variances);
    long block = (long) calloc.invoke(1L, WORD * 5 * n + OPTIONAL);
    if (block == 0) {
      throw new OutOfMemoryError("calloc for " + n + " tensor pointers");
    }
    boolean grad = JniUtils.isGradMode();
    try {
      for (int k = 0; k < 4; k++) {
        fill(block + WORD * k * n, lists.get(k));
      }
      fill(block + WORD * 4 * n, Collections.nCopies(n, step));
      long none = block + WORD * 5 * n;
      JniUtils.setGradMode(false);
      adam.invoke(block, (long) n, block + WORD * n, (long) n, block + 2 * WORD * n, (long) n,
          block + 3 * WORD * n, (long) n, 0L, 0L, block + 4 * WORD * n, (long) n, lr, beta1,
          beta2, weightDecay, eps, (byte) 0, (byte) 0, none, none);
    } finally {
      JniUtils.setGradMode(grad);
      free.invoke(block);
    }
  }

  /** Sets every array to zero in one {@code _foreach_zero_} call (float32 CPU arrays). */
  public static void zero(List<NDArray> arrays) {
    arrays.forEach(FusedOps::check);
    requireBound();
    int n = arrays.size();
    long block = (long) calloc.invoke(1L, WORD * Math.max(n, 1));
    if (block == 0) {
      throw new OutOfMemoryError("calloc for " + n + " tensor pointers");
    }
    boolean grad = JniUtils.isGradMode();
    try {
      fill(block, arrays);
      JniUtils.setGradMode(false);
      zero.invoke(block, (long) n);
    } finally {
      JniUtils.setGradMode(grad);
      free.invoke(block);
    }
  }

  private static void check(NDArray a) {
    if (!(a instanceof PtNDArray) || a.getDataType() != DataType.FLOAT32
        || !a.getDevice().getDeviceType().equals(Device.Type.CPU)) {
      throw new IllegalArgumentException("fused kernels take float32 PyTorch arrays on the CPU,"
          + " not " + a.getDataType() + " on " + a.getDevice());
    }
  }

  private static void requireBound() {
    unavailable().ifPresent(why -> {
      throw new IllegalStateException(why);
    });
  }

  /** Copies each array's {@code at::Tensor} (one pointer) to consecutive words at {@code at}. */
  private static void fill(long at, List<NDArray> arrays) {
    for (int i = 0; i < arrays.size(); i++) {
      memcpy.invoke(at + WORD * i, ((PtNDArray) arrays.get(i)).getHandle(), WORD);
    }
  }
}
