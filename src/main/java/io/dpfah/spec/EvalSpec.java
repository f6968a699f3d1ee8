package io.dpfah.spec;

import java.util.List;

/**
 * Evaluation settings.
 *
 * @param topk mAP cut-offs; -1 stands for "all" (written {@code all} in YAML)
 * @param precisionAt N values for P@N
 * @param every evaluate every N epochs during training (0 = only at the end)
 * @param batchSize encoding batch size
 * @param select whose weights are reported: {@code last} (the final epoch's) or {@code best} (the
 *     epoch with the highest tie-aware mAP@all on the validation split, never on the queries)
 */
public record EvalSpec(List<Integer> topk, List<Integer> precisionAt, int every, int batchSize,
    String select) {

  /** Settings that report the last epoch's weights. */
  public EvalSpec(List<Integer> topk, List<Integer> precisionAt, int every, int batchSize) {
    this(topk, precisionAt, every, batchSize, "last");
  }

  /** Whether the epoch is chosen on the validation split ({@code select: best}). */
  public boolean selectsBest() {
    return "best".equals(select);
  }
}
