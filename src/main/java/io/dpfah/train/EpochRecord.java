package io.dpfah.train;

import java.util.Map;

/**
 * What one training epoch did.
 *
 * @param epoch 1-based epoch number
 * @param loss mean weighted total loss over the epoch's batches
 * @param terms mean unweighted value of each active loss term
 * @param lr learning rate of the epoch's last optimiser update
 * @param seconds wall time of the epoch (training only)
 * @param imagesPerSecond training throughput
 * @param mapAll tie-aware mAP@all when evaluated after this epoch, else {@code null}
 */
public record EpochRecord(
    int epoch,
    double loss,
    Map<String, Double> terms,
    double lr,
    double seconds,
    double imagesPerSecond,
    Double mapAll) {

  /** The same record with an evaluation result attached. */
  public EpochRecord withMap(double map) {
    return new EpochRecord(epoch, loss, terms, lr, seconds, imagesPerSecond, map);
  }
}
