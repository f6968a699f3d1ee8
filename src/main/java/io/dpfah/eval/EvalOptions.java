package io.dpfah.eval;

import io.dpfah.spec.EvalSpec;
import java.util.List;

/**
 * What {@link RetrievalEvaluator} computes.
 *
 * @param topK mAP cut-offs; -1 means the whole ranking ("all"); values above the database size
 *     act as "all"
 * @param precisionAt N values for P@N (N above the database size uses the whole database)
 * @param threads worker threads; 0 = one per available core
 */
public record EvalOptions(List<Integer> topK, List<Integer> precisionAt, int threads) {

  /** Validates and copies the lists. */
  public EvalOptions {
    topK = List.copyOf(topK);
    precisionAt = List.copyOf(precisionAt);
    for (int k : topK) {
      if (k != -1 && k <= 0) {
        throw new IllegalArgumentException("topK value " + k + ", expected -1 (all) or a positive number");
      }
    }
    for (int n : precisionAt) {
      if (n <= 0) {
        throw new IllegalArgumentException("precisionAt value " + n + ", expected a positive number");
      }
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads " + threads + ", expected >= 0 (0 = all cores)");
    }
  }

  /** mAP@all and @1000, P@1/10/100/1000, all cores. */
  public static EvalOptions defaults() {
    return new EvalOptions(List.of(-1, 1000), List.of(1, 10, 100, 1000), 0);
  }

  /** Options from an experiment's eval spec (all cores). */
  public static EvalOptions of(EvalSpec spec) {
    return new EvalOptions(spec.topk(), spec.precisionAt(), 0);
  }

  /** The same options with another thread count. */
  public EvalOptions withThreads(int n) {
    return new EvalOptions(topK, precisionAt, n);
  }

  /** The JSON key of a cut-off: "all" for -1, else the number. */
  public static String key(int k) {
    return k == -1 ? "all" : Integer.toString(k);
  }
}
