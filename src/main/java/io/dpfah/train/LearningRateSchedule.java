package io.dpfah.train;

import ai.djl.training.tracker.Tracker;
import io.dpfah.spec.OptimSpec;

/**
 * Per-update learning rate from the spec: linear warm-up over {@code warmupEpochs}, then
 * constant, step decay (×gamma every stepEpochs) or cosine annealing to 0 over the remaining
 * epochs. Works in fractional epochs so the rate changes smoothly within an epoch: the k-th
 * update (0-based) of a run uses {@link #at at(k / stepsPerEpoch)}, so the first update uses the
 * base rate (after warm-up) and the last one a rate above 0, as PyTorch's per-batch schedulers do.
 */
public final class LearningRateSchedule implements Tracker {
  private final OptimSpec spec;
  private final int stepsPerEpoch;

  /** A schedule for {@code stepsPerEpoch} optimiser updates per epoch. */
  public LearningRateSchedule(OptimSpec spec, int stepsPerEpoch) {
    this.spec = spec;
    this.stepsPerEpoch = Math.max(1, stepsPerEpoch);
  }

  /** Learning rate at a (fractional, 0-based) epoch position. */
  public double at(double epoch) {
    double base = spec.lr();
    if (epoch < spec.warmupEpochs()) {
      return base * (epoch + 1.0 / stepsPerEpoch) / spec.warmupEpochs();
    }
    double t = epoch - spec.warmupEpochs();
    double span = Math.max(1e-9, spec.epochs() - spec.warmupEpochs());
    return switch (spec.schedule()) {
      case "cosine" -> base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, t / span)));
      case "step" -> base * Math.pow(spec.gamma(), Math.floor(t / Math.max(1, spec.stepEpochs())));
      default -> base;
    };
  }

  /** Learning rate of the k-th optimiser update of the run, counted from 0. */
  public double ofUpdate(int k) {
    return at((double) Math.max(0, k) / stepsPerEpoch);
  }

  /**
   * DJL's optimisers (Adam, SGD, RMSprop) count updates from 1: their first call passes
   * {@code numUpdate = 1}, which is update 0 here.
   */
  @Override
  public float getNewValue(int numUpdate) {
    return (float) ofUpdate(numUpdate - 1);
  }
}
