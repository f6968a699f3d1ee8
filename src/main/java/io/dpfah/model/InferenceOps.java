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
 * Cheaper forms of a network's max-pooling, ReLU, residual sum and attention steps on the CPU,
 * each giving bit for bit the values (and, in training, the gradients) of the ordinary operation;
 * anywhere else the ordinary operation runs.
 *
 * <ul>
 *   <li>Max-pooling, in passes that record no gradient (libtorch's grad mode off, as in
 *       encoding), runs on a channels-last copy of its input, where libtorch's kernel is
 *       vectorised over channels, and its result is copied back to the usual layout: a sixth of a
 *       32 px encoding batch went into the kernel for contiguous arrays, a third of that with the
 *       two copies. A maximum is exact, so the layout cannot change a value. An input that is
 *       channels-last already (the ImageNet stem's) is not copied.
 *   <li>ReLU, the residual sum, PFA's {@code + 0.5} and its sigmoid are done in place
 *       ({@code relu_}, {@code add_}, {@code sigmoid_}) also while gradients are recorded, as
 *       torchvision's blocks do for ReLU and the sum. The caller passes a <em>fresh</em> array:
 *       one it has just made and that the operation which made it does not keep for its backward
 *       step (a BatchNorm's, max-pooling's, product's or quotient's output). The backward steps of
 *       these four read no operand or only their result, so autograd allows the overwrite and
 *       computes the same gradients; each in-place form saves a training pass one
 *       activation-sized array.
 *   <li>PFA's square, quotient and final product overwrite an operand only when no gradient is
 *       recorded, since in training the backward pass needs those operands.
 * </ul>
 */
public final class InferenceOps {
  private InferenceOps() {}

  /** Whether {@code x} takes the in-place, index-free forms: a CPU PyTorch array, no grad mode. */
  public static boolean applies(NDArray x) {
    return cpuTorch(x) && !JniUtils.isGradMode();
  }

  private static boolean cpuTorch(NDArray x) {
    return x instanceof PtNDArray && Device.Type.CPU.equals(x.getDevice().getDeviceType());
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
    NDArray pooled = Pool.maxPool2d(channelsLast(x), kernel, stride, padding, false);
    return contiguous(pooled);
  }

  /**
   * A CPU PyTorch N×C×H×W array as a channels-last copy: the same shape and values, the channel
   * axis densest in memory (N, H, W, C order), so that libtorch's convolution, BatchNorm and
   * max-pooling take their channels-last kernels and hand on channels-last results. Any other
   * array is returned as it is. Differentiable: the backward step is the reverse permutation.
   */
  public static NDArray channelsLast(NDArray x) {
    Shape shape = x.getShape();
    if (!cpuTorch(x) || shape.dimension() != 4) {
      return x;
    }
    return x.transpose(0, 2, 3, 1).reshape(-1)
        .reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1)).transpose(0, 3, 1, 2);
  }

  /**
   * {@code x} in the usual contiguous N×C×H×W layout: a copy of a {@link #channelsLast} array,
   * {@code x} itself (as a view) when it is contiguous already.
   */
  public static NDArray contiguous(NDArray x) {
    return cpuTorch(x) ? x.reshape(-1).reshape(x.getShape()) : x;
  }

  /**
   * ReLU of a fresh array {@code x} (see the class comment): in place when libtorch's
   * {@code relu_} is bound, as torchvision's {@code ReLU(inplace=True)} does; its backward step
   * reads only its result, which is then {@code x}.
   */
  public static NDArray relu(NDArray x) {
    return inPlace(Kernels.RELU, x) ? x : Activation.relu(x);
  }

  /**
   * The logistic sigmoid of a fresh array {@code x}: in place when {@code sigmoid_} is bound; its
   * backward step, too, reads only its result.
   */
  public static NDArray sigmoid(NDArray x) {
    return inPlace(Kernels.SIGMOID, x) ? x : Activation.sigmoid(x);
  }

  /** {@code x + c} for a fresh array {@code x}, written into it (a sum's backward needs neither). */
  public static NDArray add(NDArray x, double c) {
    return cpuTorch(x) ? x.addi(c) : x.add(c);
  }

  /**
   * {@code d²} as {@code d·d}, which is what libtorch's pow(d, 2) computes; {@code d} is overwritten
   * when {@link #applies}. In training the product is recorded rather than the power: libtorch
   * 2.7.1's power backward step computes {@code grad·(2·d¹)}, and {@code d¹} is a full copy of
   * {@code d}, where the product's backward step is {@code grad·d} twice, summed. Doubling is exact
   * in floating point, so both give the same bits.
   */
  public static NDArray square(NDArray d) {
    return applies(d) ? d.muli(d) : d.mul(d);
  }

  /** {@code x / y}; {@code x} is overwritten when {@link #applies}. */
  public static NDArray div(NDArray x, NDArray y) {
    return applies(x) ? x.divi(y) : x.div(y);
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

  private static boolean inPlace(LibTorchCall.Binding kernel, NDArray x) {
    if (cpuTorch(x) && floating(x) && kernel.bound()) {
      kernel.invoke(((PtNDArray) x).getHandle());
      return true;
    }
    return false;
  }

  /** {@link #relu(NDArray)} of a list's single array, for sequential blocks. */
  public static NDList relu(NDList x) {
    return new NDList(relu(x.singletonOrThrow()));
  }

  /**
   * relu(y + shortcut) for a fresh branch output {@code y}, written into {@code y} as
   * torchvision's {@code out += identity; relu(out)} does.
   */
  public static NDArray addRelu(NDArray y, NDArray shortcut) {
    if (cpuTorch(y) && y.getShape().equals(shortcut.getShape())
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
