package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import io.dpfah.weights.StateDict;
import java.util.List;
import java.util.Set;

/**
 * Two optimisers of the same kind behind DJL's single-optimiser API: parameters whose id is in
 * the backbone set are updated by one whose learning-rate tracker is {@code mult ×} the base
 * tracker, all others (attention, hash, classifier) by one on the base tracker. Each keeps its own
 * state (momentum, Adam moments) per parameter, exactly as one optimiser would.
 */
final class BackboneLrOptimizer extends CheckpointedOptimizer {
  private final CheckpointedOptimizer backbone;
  private final CheckpointedOptimizer head;
  private final Set<String> backboneIds;

  BackboneLrOptimizer(CheckpointedOptimizer backbone, CheckpointedOptimizer head,
      Set<String> backboneIds) {
    super(n -> 0f, 0f);
    this.backbone = backbone;
    this.head = head;
    this.backboneIds = Set.copyOf(backboneIds);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    (backboneIds.contains(parameterId) ? backbone : head).update(parameterId, weight, grad);
  }

  @Override
  boolean canUpdateAll(List<Trainable> params) {
    return backbone.canUpdateAll(part(params, true)) && head.canUpdateAll(part(params, false));
  }

  @Override
  void updateAll(List<Trainable> params) {
    backbone.updateAll(part(params, true));
    head.updateAll(part(params, false));
  }

  private List<Trainable> part(List<Trainable> params, boolean ofBackbone) {
    return params.stream().filter(p -> backboneIds.contains(p.id()) == ofBackbone).toList();
  }

  @Override
  void save(StateDict out, String prefix, Parameters params) {
    backbone.save(out, prefix + "backbone/", params);
    head.save(out, prefix + "head/", params);
  }

  @Override
  void load(StateDict in, String prefix, Parameters params) {
    backbone.load(in, prefix + "backbone/", params);
    head.load(in, prefix + "head/", params);
  }
}
