package io.dpfah.method;

import ai.djl.ndarray.NDManager;
import io.dpfah.data.Labels;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.MethodSpec;

/**
 * What a method is built from.
 *
 * @param params the method's resolved hyper-parameters
 * @param bits code length K
 * @param classes number of classes (labels) C
 * @param numTrain number of training images (rows of a code memory)
 * @param multiLabel whether images may carry several labels
 * @param seed seed for random class centres
 * @param spec the whole experiment, or {@code null} outside training (fixture runs)
 * @param trainLabels labels by training position, or {@code null} outside training
 * @param centers class centres (C×K, row-major, ±1) to use instead of drawing them, or
 *     {@code null}
 * @param manager a manager on the training device under which the method keeps the arrays that
 *     outlive a batch (code memories), in sub-managers it closes in {@link Method#close}
 */
public record MethodContext(
    MethodSpec params,
    int bits,
    int classes,
    int numTrain,
    boolean multiLabel,
    long seed,
    ExperimentSpec spec,
    Labels trainLabels,
    float[] centers,
    NDManager manager) {}
