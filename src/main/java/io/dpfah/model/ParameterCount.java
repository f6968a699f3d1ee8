package io.dpfah.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Trainable parameters of an initialised block (those with {@code requiresGradient()}, so
 * BatchNorm's running mean/variance are excluded; its gamma/beta are counted), split by role.
 *
 * @param backbone backbone parameters outside attention modules (stem, convs, BNs, shortcuts)
 * @param attention parameters inside {@link AttentionModule}s
 * @param hash hash layer weights and bias (and its BatchNorm's γ, β, if any)
 * @param classifier classification layer weights and bias, if any (0 when disabled)
 */
public record ParameterCount(long backbone, long attention, long hash, long classifier) {

  /** All trainable parameters. */
  public long total() {
    return backbone + attention + hash + classifier;
  }

  /**
   * Counts an initialised {@link HashingNetwork}, {@link ResNetBackbone} or any other block (a
   * generic block counts as backbone except for the attention modules inside it).
   *
   * @throws ModelException if the block has not been initialised
   */
  public static ParameterCount of(Block block) {
    if (!block.isInitialized()) {
      throw new ModelException("ParameterCount: the block must be initialised first");
    }
    long[] counts = new long[4];
    if (block instanceof HashingNetwork net) {
      walk(net.backbone(), Role.BACKBONE, counts);
      walk(net.hashLayer(), Role.HASH, counts);
      if (net.hashNorm() != null) {
        walk(net.hashNorm(), Role.HASH, counts);
      }
      if (net.classifier() != null) {
        walk(net.classifier(), Role.CLASSIFIER, counts);
      }
    } else {
      walk(block, block instanceof AttentionModule ? Role.ATTENTION : Role.BACKBONE, counts);
    }
    return new ParameterCount(counts[0], counts[1], counts[2], counts[3]);
  }

  private enum Role {
    BACKBONE,
    ATTENTION,
    HASH,
    CLASSIFIER
  }

  private static void walk(Block block, Role role, long[] counts) {
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      Parameter parameter = p.getValue();
      if (parameter.requiresGradient()) {
        counts[role.ordinal()] += parameter.getArray().getShape().size();
      }
    }
    for (Pair<String, Block> child : block.getChildren()) {
      Block c = child.getValue();
      walk(c, c instanceof AttentionModule ? Role.ATTENTION : role, counts);
    }
  }
}
