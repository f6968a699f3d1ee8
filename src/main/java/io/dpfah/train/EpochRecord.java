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
 * @param mapAll tie-aware mAP@all of the queries when evaluated after this epoch, else
 *     {@code null}
 * @param validationMap tie-aware mAP@all of the validation split against the remaining training
 *     images when there is a validation split, else {@code null}
 */
public record EpochRecord(
    int epoch,
    double loss,
    Map<String, Double> terms,
    double lr,
    double seconds,
    double imagesPerSecond,
    Double mapAll,
    Double validationMap) {

  /** The same record with the queries' mAP attached. */
  public EpochRecord withMap(double map) {
    return new EpochRecord(epoch, loss, terms, lr, seconds, imagesPerSecond, map, validationMap);
  }

  /** The same record with the validation split's mAP attached. */
  public EpochRecord withValidationMap(double map) {
    return new EpochRecord(epoch, loss, terms, lr, seconds, imagesPerSecond, mapAll, map);
  }
}
