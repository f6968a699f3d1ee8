package io.dpfah.model;

import ai.djl.nn.Block;
import java.util.Map;

/** A residual block whose last normalisation layer can be zero-initialised. */
public interface ResidualBlock extends Block {

  /** The BatchNorm just before the residual addition (torchvision's {@code bn2} / {@code bn3}). */
  Block lastNorm();

  /** torchvision's names of this block's conv / BatchNorm modules (conv1, bn1, downsample.0, …). */
  Map<String, Block> torchModules();

  /** The attention module of this block. */
  AttentionModule attention();
}
