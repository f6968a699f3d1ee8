package io.dpfah.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Cheaper forms of a network's max-pooling, ReLU and residual sum for passes that record no
 * gradient (libtorch's grad mode off, as in encoding) on the CPU, each giving bit for bit the
 * values of the ordinary operation; anywhere else the ordinary operation runs.
 *
 * <ul>
 *   <li>Max-pooling runs on a channels-last copy of its input, where libtorch's kernel is
 *       vectorised over channels, and its result is copied back to the usual layout: a sixth of a
 *       32 px encoding batch went into the kernel for contiguous arrays, a third of that with the
 *       two copies. A maximum is exact, so the layout cannot change a value.
 *   <li>ReLU, the residual sum and the element-wise steps of parameter-free attention are done in
 *       place ({@code relu_}, {@code add_}, {@code sigmoid_}, …), as torchvision's blocks do for
 *       ReLU, instead of into fresh tensors. In training the ordinary forms stay, because the
 *       backward pass needs their inputs.
 * </ul>
 */
public final class InferenceOps {
  private InferenceOps() {}

  /** Whether {@code x} takes the in-place, index-free forms: a CPU PyTorch array, no grad mode. */
  public static boolean applies(NDArray x) {
    return x instanceof PtNDArray && Device.Type.CPU.equals(x.getDevice().getDeviceType()) && !JniUtils.isGradMode();
  }

  /** {@link Pool#maxPool2dBlock(Shape, Shape, Shape)} whose inference pass is {@link #maxPool}. */
  public static Block maxPool2dBlock(Shape kernel, Shape stride, Shape padding) {
    return new LambdaBlock(
        list -> new NDList(maxPool(list.singletonOrThrow(), kernel, stride, padding)), "maxPool2d");
  }

  /** {@link #maxPool2dBlock(Shape, Shape, Shape)} without padding. */
  public static Block maxPool2dBlock(Shape kernel, Shape stride) {
    return maxPool2dBlock(kernel, stride, new Shape(0, 0));
  }

  /** 2-d max-pooling of an N×C×H×W array (floor mode), the same values as libtorch's. */
  public static NDArray maxPool(NDArray x, Shape kernel, Shape stride, Shape padding) {
    Shape shape = x.getShape();
    if (!applies(x) || shape.dimension() != 4) {
      return Pool.maxPool2d(x, kernel, stride, padding, false);
    }
    NDArray channelsLast = x.transpose(0, 2, 3, 1).reshape(-1)
        .reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1)).transpose(0, 3, 1, 2);
    NDArray pooled = Pool.maxPool2d(channelsLast, kernel, stride, padding, false);
    return pooled.reshape(-1).reshape(pooled.getShape());
  }

  /** ReLU; in place when {@link #applies} and libtorch's {@code relu_} is bound. */
  public static NDArray relu(NDArray x) {
    return inPlace(Kernels.RELU, x) ? x : Activation.relu(x);
  }

  /** The logistic sigmoid; in place when {@link #applies} and {@code sigmoid_} is bound. */
  public static NDArray sigmoid(NDArray x) {
    return inPlace(Kernels.SIGMOID, x) ? x : Activation.sigmoid(x);
  }

  /** {@code d²}; {@code d} is overwritten when {@link #applies} (x·x is what pow(x, 2) computes). */
  public static NDArray square(NDArray d) {
    return applies(d) ? d.muli(d) : d.square();
  }

  /** {@code x / y}; {@code x} is overwritten when {@link #applies}. */
  public static NDArray div(NDArray x, NDArray y) {
    return applies(x) ? x.divi(y) : x.div(y);
  }

  /** {@code x + c}; {@code x} is overwritten when {@link #applies}. */
  public static NDArray add(NDArray x, double c) {
    return applies(x) ? x.addi(c) : x.add(c);
  }

  /**
   * {@code x · w} for weights {@code w} of x's shape that the caller owns: written into {@code w}
   * when {@link #applies} (a product is commutative), else a new array.
   */
  public static NDArray weigh(NDArray x, NDArray w) {
    if (applies(x) && w.getShape().equals(x.getShape()) && w.getDataType() == x.getDataType()) {
      return w.muli(x);
    }
    return x.mul(w);
  }

  /**
   * {@code x + c} for an array {@code x} that the caller has just made and that the operation
   * which made it does not keep for its backward step (a quotient's, say): written into {@code x}
   * on any PyTorch array, also while gradients are recorded, because an addition's backward step
   * needs neither operand. Saves the training pass a fresh activation-sized array.
   */
  public static NDArray addToFresh(NDArray x, double c) {
    return x instanceof PtNDArray ? x.addi(c) : x.add(c);
  }

  /**
   * The logistic sigmoid of an array {@code x} as in {@link #addToFresh}: in place on any
   * PyTorch floating-point array when {@code sigmoid_} is bound, also while gradients are
   * recorded, because the sigmoid's backward step reads only its result, which is then {@code x}.
   */
  public static NDArray sigmoidOfFresh(NDArray x) {
    if (x instanceof PtNDArray && floating(x) && Kernels.SIGMOID.bound()) {
      Kernels.SIGMOID.invoke(((PtNDArray) x).getHandle());
      return x;
    }
    return Activation.sigmoid(x);
  }

  private static boolean inPlace(LibTorchCall.Binding kernel, NDArray x) {
    if (applies(x) && floating(x) && kernel.bound()) {
      kernel.invoke(((PtNDArray) x).getHandle());
      return true;
    }
    return false;
  }

  /** {@link #relu(NDArray)} of a list's single array, for sequential blocks. */
  public static NDList relu(NDList x) {
    return new NDList(relu(x.singletonOrThrow()));
  }

  /** relu(y + shortcut); y is overwritten when {@link #applies}. */
  public static NDArray addRelu(NDArray y, NDArray shortcut) {
    if (applies(y) && y.getShape().equals(shortcut.getShape())
        && y.getDataType() == shortcut.getDataType()) {
      return relu(y.addi(shortcut));
    }
    return Activation.relu(y.add(shortcut));
  }

  private static boolean floating(NDArray x) {
    return x.getDataType() == DataType.FLOAT32 || x.getDataType() == DataType.FLOAT64;
  }

  /** libtorch's in-place {@code at::relu_(Tensor&)} and {@code at::sigmoid_}, bound once. */
  private static final class Kernels {
    static final LibTorchCall.Binding RELU = bind("_ZN2at4_ops5relu_4callERNS_6TensorE");
    static final LibTorchCall.Binding SIGMOID = bind("_ZN2at4_ops8sigmoid_4callERNS_6TensorE");

    private static LibTorchCall.Binding bind(String symbol) {
      return FusedOps.platformSupported()
          ? LibTorchCall.bind(symbol, LibTorchCall.CType.LONG, LibTorchCall.CType.LONG)
          : new LibTorchCall.Binding(null, "in-place kernels are bound on x86-64 Linux only");
    }
  }
}
