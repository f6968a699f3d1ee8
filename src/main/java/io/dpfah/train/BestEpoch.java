package io.dpfah.train;

import java.util.Map;

/**
 * {@code eval.select: best}: the epoch with the highest validation mAP so far — strictly higher
 * replaces it, so on ties the earliest epoch stays; a NaN mAP never wins — and a copy of the
 * network's weights at that epoch.
 */
public final class BestEpoch {
  private int epoch;
  private double map = Double.NaN;
  private Map<String, float[]> weights;

  /** No epoch yet. */
  public BestEpoch() {}

  /** A best epoch restored from a checkpoint. */
  public BestEpoch(int epoch, double map, Map<String, float[]> weights) {
    this.epoch = epoch;
    this.map = map;
    this.weights = weights;
  }

  /**
   * Offers epoch {@code e} with validation mAP {@code m}; true when it becomes the best (the
   * caller then {@link #keep}s its weights).
   */
  public boolean offer(int e, double m) {
    if (Double.isNaN(m) || epoch != 0 && !(m > map)) {
      return false;
    }
    epoch = e;
    map = m;
    weights = null;
    return true;
  }

  /** Keeps the weights of the epoch just accepted by {@link #offer}. */
  public void keep(Map<String, float[]> w) {
    weights = w;
  }

  /** The best epoch (1-based), 0 before any. */
  public int epoch() {
    return epoch;
  }

  /** Its validation mAP (NaN before any). */
  public double map() {
    return map;
  }

  /** Its weights by parameter name, or null before any. */
  public Map<String, float[]> weights() {
    return weights;
  }
}
