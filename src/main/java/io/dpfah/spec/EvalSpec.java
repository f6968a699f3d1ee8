package io.dpfah.spec;

import java.util.List;

/**
 * Evaluation settings.
 *
 * @param topk mAP cut-offs; -1 stands for "all" (written {@code all} in YAML)
 * @param precisionAt N values for P@N
 * @param every evaluate every N epochs during training (0 = only at the end)
 * @param batchSize encoding batch size
 */
public record EvalSpec(List<Integer> topk, List<Integer> precisionAt, int every, int batchSize) {}
