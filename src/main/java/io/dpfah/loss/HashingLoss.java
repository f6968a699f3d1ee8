package io.dpfah.loss;

import io.dpfah.model.Scalars;
import ai.djl.ndarray.NDArray;
import io.dpfah.spec.LossSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The DPFAH objective: a weighted sum of registered terms. A term with weight 0, or the
 * classification term when the branch is off, is not computed at all.
 */
public final class HashingLoss {

  /** A registered term: how to make it and how to read its weight from the spec. */
  private record Entry(Supplier<LossTerm> factory, Function<LossSpec, Double> weight) {}

  /** Registry of loss terms, in the order they are reported. Adding one = one class, one line. */
  private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

  static {
    REGISTRY.put("pairwise", new Entry(PairwiseLikelihood::new, LossSpec::pairwise));
    REGISTRY.put("classification", new Entry(ClassificationTerm::new, LossSpec::classification));
    REGISTRY.put("quantization", new Entry(QuantizationTerm::new, LossSpec::quantization));
  }

  private record Weighted(LossTerm term, float weight) {}

  private final List<Weighted> terms = new ArrayList<>();

  /**
   * Builds the objective for a spec.
   *
   * @param spec loss weights
   * @param classifierEnabled whether logits exist (the classification term needs them)
   */
  public HashingLoss(LossSpec spec, boolean classifierEnabled) {
    for (Map.Entry<String, Entry> e : REGISTRY.entrySet()) {
      double w = e.getValue().weight().apply(spec);
      boolean needsLogits = e.getKey().equals("classification");
      if (w > 0 && (!needsLogits || classifierEnabled)) {
        terms.add(new Weighted(e.getValue().factory().get(), (float) w));
      }
    }
  }

  /** Names of all registered terms, in report order. */
  public static List<String> termNames() {
    return List.copyOf(REGISTRY.keySet());
  }

  /**
   * Evaluates every active term.
   *
   * @return the weighted total (differentiable scalar) and each term's unweighted value
   */
  public Result compute(LossInputs in) {
    NDArray total = null;
    Map<String, NDArray> parts = new LinkedHashMap<>();
    for (Weighted w : terms) {
      NDArray v = w.term().compute(in);
      parts.put(w.term().name(), v);
      NDArray weighted = v.mul(Scalars.of(v, w.weight()));
      total = total == null ? weighted : total.add(weighted);
    }
    if (total == null) {
      throw new IllegalStateException("every loss weight is 0: nothing to train");
    }
    return new Result(total, parts);
  }

  /**
   * One batch's loss.
   *
   * @param total weighted sum, the value to back-propagate
   * @param terms unweighted value of each active term by name
   */
  public record Result(NDArray total, Map<String, NDArray> terms) {}
}
