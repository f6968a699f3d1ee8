package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * An attention block that multiplies a B×C×H×W feature map by weights it derives from it. Its
 * forward pass returns {@code x * attentionMap(x)} and keeps the shape.
 */
public interface AttentionModule extends Block {

  /** Registry name of this variant ({@code none}, {@code pfa}, ...). */
  String variant();

  /**
   * The weights this module multiplies its input by, broadcastable to {@code x}'s shape
   * (B×C×H×W for PFA and CBAM, B×C×1×1 for SE, B×1×H×W for the spatial gate, 1 for none).
   * Evaluated in inference mode (BatchNorm uses running statistics); the block must be
   * initialised.
   */
  NDArray attentionMap(NDArray x);

  /**
   * Trainable parameters this module has for {@code channels} input channels, computed from its
   * closed formula (independent of DJL's own parameter bookkeeping).
   */
  long parameterFormula(int channels);
}
