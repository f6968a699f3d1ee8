package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Set;

/**
 * Two optimisers of the same kind behind DJL's single-optimiser API: parameters whose id is in
 * the backbone set are updated by one whose learning-rate tracker is {@code mult ×} the base
 * tracker, all others (attention, hash, classifier) by one on the base tracker. Each keeps its own
 * state (momentum, Adam moments) per parameter, exactly as one optimiser would.
 */
final class BackboneLrOptimizer extends Optimizer {

  private static final class NoOptions extends OptimizerBuilder<NoOptions> {
    @Override
    protected NoOptions self() {
      return this;
    }
  }

  private final Optimizer backbone;
  private final Optimizer head;
  private final Set<String> backboneIds;

  BackboneLrOptimizer(Optimizer backbone, Optimizer head, Set<String> backboneIds) {
    super(new NoOptions());
    this.backbone = backbone;
    this.head = head;
    this.backboneIds = Set.copyOf(backboneIds);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    (backboneIds.contains(parameterId) ? backbone : head).update(parameterId, weight, grad);
  }
}
