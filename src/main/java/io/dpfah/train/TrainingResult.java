package io.dpfah.train;

import java.util.List;

/**
 * What training produced besides the weights.
 *
 * @param history one record per epoch
 * @param seconds total training wall time (evaluations excluded)
 * @param imagesPerSecond mean training throughput
 */
public record TrainingResult(List<EpochRecord> history, double seconds, double imagesPerSecond) {}
