package io.dpfah.train;

import ai.djl.training.tracker.Tracker;
import io.dpfah.spec.OptimSpec;

/**
 * Per-update learning rate from the spec: linear warm-up over {@code warmupEpochs}, then
 * constant, step decay (×gamma every stepEpochs) or cosine annealing to 0 over the remaining
 * epochs. Works in fractional epochs so the rate changes smoothly within an epoch.
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

  @Override
  public float getNewValue(int numUpdate) {
    return (float) at((double) numUpdate / stepsPerEpoch);
  }
}
