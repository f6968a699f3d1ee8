package io.dpfah.model;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature extractor: B×3×H×W images in, B×{@link #features()} pooled features out. It knows
 * its torchvision module names ({@link #torchModules()}), so torchvision / timm state dicts map
 * onto its parameters, and its named stages ({@link #stages()}) for freezing.
 */
public abstract class Backbone extends AbstractBlock {

  private final Map<String, Block> torchModules = new LinkedHashMap<>();
  private final Map<String, List<Block>> stages = new LinkedHashMap<>();

  /** A backbone of block version 1. */
  protected Backbone() {
    super((byte) 1);
  }

  /** Width of the pooled features (512, 2048, 4096). */
  public abstract int features();

  /** Channel count seen by each attention module, in block order (empty: no attention). */
  public abstract List<Integer> channels();

  /** State-dict keys of the torchvision classifier this backbone leaves out (fc, classifier.6). */
  public abstract List<String> droppedKeys();

  /** Records that DJL block {@code block} is torchvision's module {@code name}. */
  protected final <T extends Block> T torch(String name, T block) {
    torchModules.put(name, block);
    return block;
  }

  /** Records {@code blocks} as (part of) the named stage (stem, layer1, …, features, classifier). */
  protected final void stage(String name, Block block) {
    stages.computeIfAbsent(name, k -> new ArrayList<>()).add(block);
  }

  /** torchvision module name → DJL block (conv, BatchNorm, Linear), in state-dict order. */
  public final Map<String, Block> torchModules() {
    return Collections.unmodifiableMap(torchModules);
  }

  /** Stage name → its blocks, for {@code model.freeze}. */
  public final Map<String, List<Block>> stages() {
    return Collections.unmodifiableMap(stages);
  }

  /**
   * torchvision state-dict key → DJL parameter, for every tensor of an initialised backbone
   * (BatchNorm running statistics included; {@code num_batches_tracked} is not a DJL parameter and
   * is listed by {@link #ignoredKeys()}).
   */
  public final Map<String, Parameter> torchParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (Map.Entry<String, Block> e : torchModules.entrySet()) {
      for (Pair<String, Parameter> p : e.getValue().getDirectParameters()) {
        String key = torchName(e.getValue(), p.getKey());
        if (key != null) {
          out.put(e.getKey() + "." + key, p.getValue());
        }
      }
    }
    return out;
  }

  /** State-dict keys that exist in torchvision's file but carry nothing dpfah uses. */
  public final List<String> ignoredKeys() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Block> e : torchModules.entrySet()) {
      if (e.getValue() instanceof BatchNorm) {
        out.add(e.getKey() + ".num_batches_tracked");
      }
    }
    return out;
  }

  private static String torchName(Block block, String djlName) {
    if (block instanceof BatchNorm) {
      switch (djlName) {
        case "gamma":
          return "weight";
        case "beta":
          return "bias";
        case "runningMean":
          return "running_mean";
        case "runningVar":
          return "running_var";
        default:
          return null;
      }
    }
    if (block instanceof Convolution || block instanceof Linear) {
      return djlName;
    }
    return null;
  }
}
