package io.dpfah.train;

import ai.djl.training.tracker.Tracker;
import io.dpfah.spec.OptimSpec;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Registry of optimisers by spec name; adding one is one line. Each owns its state so that
 * checkpoints can save it ({@link CheckpointedOptimizer}).
 */
public final class Optimizers {
  private static final Map<String, BiFunction<OptimSpec, Tracker, CheckpointedOptimizer>>
      REGISTRY = Map.of(
          "sgd", (o, lr) -> new SgdOptimizer(lr, (float) o.momentum(), (float) o.weightDecay()),
          "adam", (o, lr) -> new AdamOptimizer(lr, (float) o.weightDecay()),
          "rmsprop",
          (o, lr) -> new RmsPropOptimizer(lr, (float) o.momentum(), (float) o.weightDecay()));

  private Optimizers() {}

  /**
   * The optimiser the spec names; parameters whose id is in {@code backboneIds} learn at
   * {@code optim.backbone_lr_mult ×} the tracker's rate (a plain optimiser when the multiplier
   * is 1).
   */
  static CheckpointedOptimizer create(OptimSpec spec, Tracker lr, Set<String> backboneIds) {
    double mult = spec.backboneLrMult();
    if (mult == 1.0 || backboneIds.isEmpty()) {
      return create(spec, lr);
    }
    Tracker scaled = n -> (float) (mult * lr.getNewValue(n));
    return new BackboneLrOptimizer(create(spec, scaled), create(spec, lr), backboneIds);
  }

  /** The optimiser the spec names, driven by the given learning-rate tracker. */
  static CheckpointedOptimizer create(OptimSpec spec, Tracker lr) {
    var f = REGISTRY.get(spec.optimizer());
    if (f == null) {
      throw new IllegalArgumentException(
          "optim.optimizer: '" + spec.optimizer() + "' is not one of " + REGISTRY.keySet());
    }
    return f.apply(spec, lr);
  }
}
