package io.dpfah.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** Square 2-D convolutions as torchvision declares them. */
final class Convs {
  private Convs() {}

  /** A bias-free square convolution. */
  static Conv2d conv(int filters, int kernel, int stride, int padding) {
    return conv(filters, kernel, stride, padding, false);
  }

  /** A square convolution, with or without bias. */
  static Conv2d conv(int filters, int kernel, int stride, int padding, boolean bias) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .optBias(bias)
        .build();
  }
}
