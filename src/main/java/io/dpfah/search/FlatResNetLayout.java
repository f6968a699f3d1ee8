package io.dpfah.search;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ResNetBackbone;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Reads weights saved before the backbone registry grouped a ResNet's residual blocks into
 * {@code layer1..layer4} sub-blocks: then the backbone's body held the stem, the residual blocks
 * and the pooling side by side. The parameters are the same, in the same order; only the block
 * tree of the weights file differs. Set as a model's block for {@code Model.load}, this walks the
 * old tree and loads each block into the current network it wraps; it computes nothing itself.
 */
final class FlatResNetLayout extends AbstractBlock {
  private static final byte CUSTOM_BLOCK_VERSION = 1;
  private final HashingNetwork net;

  FlatResNetLayout(HashingNetwork net) {
    super(CUSTOM_BLOCK_VERSION);
    this.net = net;
  }

  /** Whether weights of {@code net} may have been saved in the old layout. */
  static boolean applies(HashingNetwork net) {
    return net.backbone() instanceof ResNetBackbone;
  }

  @Override
  public void loadParameters(NDManager manager, DataInputStream is)
      throws IOException, MalformedModelException {
    skipHeader(is, false);
    skipHeader(is, false);
    skipHeader(is, true);
    Block body = net.backbone().getChildren().values().get(0);
    List<Block> parts = body.getChildren().values();
    parts.get(0).loadParameters(manager, is);
    for (Block layer : parts.subList(1, parts.size() - 1)) {
      for (Block residual : layer.getChildren().values()) {
        residual.loadParameters(manager, is);
      }
    }
    parts.get(parts.size() - 1).loadParameters(manager, is);
    net.hashLayer().loadParameters(manager, is);
    if (net.classifier() != null) {
      net.classifier().loadParameters(manager, is);
    }
  }

  /** Reads a container block's version and input shapes (and a SequentialBlock's flag). */
  private static void skipHeader(DataInputStream is, boolean sequential)
      throws IOException, MalformedModelException {
    byte version = is.readByte();
    boolean ok = sequential ? version == 2 || version == 3 : version == CUSTOM_BLOCK_VERSION;
    if (!ok) {
      throw new MalformedModelException("unexpected block version " + version
          + " in the flat ResNet layout");
    }
    int shapes = is.readInt();
    for (int i = 0; i < shapes; i++) {
      Shape.decode(is);
    }
    if (sequential && version == 3) {
      is.readBoolean();
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException("a loading view: forward the wrapped network");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return net.getOutputShapes(inputShapes);
  }
}
