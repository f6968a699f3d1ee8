package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GreedyHash (Su et al., NeurIPS 2018) as DeepHash-pytorch's {@code GreedyHashLoss}: softmax
 * cross-entropy of the logits fc(sign(u)) to the label, plus α·mean(|(|u| − 1)³|). The reference's
 * loss-owned {@code Linear(K, C, bias=False)} on sign(u) with a straight-through gradient is the
 * network's classification branch ({@link ClassifierUse#SIGNS}), so the run's optimiser trains it;
 * this loss receives its logits. Single-label.
 */
final class GreedyHash implements Method {
  private final double alpha;
  private final int classes;

  GreedyHash(MethodContext c) {
    this.alpha = c.params().number("alpha");
    this.classes = c.classes();
  }

  @Override
  public Result loss(MethodBatch b) {
    if (b.logits() == null) {
      throw new IllegalStateException("method greedyhash needs the logits of its classification"
          + " branch (classifier.enabled: true, classifier.input: signs)");
    }
    NDArray u = b.u();
    NDArray target = Ops.argmaxOneHot(b.labels(), classes);
    NDArray ce = Ops.crossEntropy(b.logits(), target);
    NDArray q = Ops.cube(Ops.plus(u.abs(), -1)).abs().mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("classification", ce);
    terms.put("quantization", q);
    return new Result(ce.add(Ops.times(q, alpha)), terms);
  }
}
