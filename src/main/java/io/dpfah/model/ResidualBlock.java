package io.dpfah.model;

import ai.djl.nn.Block;

/** A residual block whose last normalisation layer can be zero-initialised. */
public interface ResidualBlock extends Block {

  /** The BatchNorm just before the residual addition (torchvision's {@code bn2} / {@code bn3}). */
  Block lastNorm();
}
