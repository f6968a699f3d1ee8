package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import io.dpfah.data.Labels;
import io.dpfah.loss.HashingLoss;
import io.dpfah.loss.LossInputs;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.train.CodeMemory;
import io.dpfah.weights.StateDict;

/**
 * The DPFAH objective of {@link HashingLoss} (DPSH pairwise against {@link CodeMemory},
 * classification, quantisation; weights from the spec's {@code loss} section) on tanh codes.
 */
final class Dpfah implements Method {
  private final ExperimentSpec spec;
  private final CodeMemory memory;
  private final HashingLoss loss;
  private final boolean multiLabel;

  Dpfah(MethodContext c) {
    if (c.spec() == null || c.trainLabels() == null) {
      throw new IllegalArgumentException("method dpfah runs only inside training: it needs the"
          + " spec's loss weights, the training labels and the classifier's logits");
    }
    Labels labels = c.trainLabels();
    this.spec = c.spec();
    this.memory = new CodeMemory(c.manager(), labels, c.bits());
    this.loss = new HashingLoss(spec.loss(), spec.classifier().enabled());
    this.multiLabel = labels.isMultiLabel();
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u();
    int[] positions = b.positions();
    NDArray against;
    NDArray similarity;
    if (spec.loss().memory()) {
      memory.update(b.manager(), positions, u);
      against = memory.codes(b.manager());
      similarity = memory.similarity(b.manager(), positions);
    } else {
      against = u;
      similarity = memory.similarity(b.manager(), positions, positions);
    }
    HashingLoss.Result r = loss.compute(
        new LossInputs(u, b.logits(), b.labels(), against, similarity, multiLabel));
    return new Result(r.total(), r.terms());
  }

  @Override
  public void save(StateDict out, String prefix) {
    memory.save(out, prefix + "memory");
  }

  @Override
  public void load(StateDict in, String prefix) {
    memory.load(in, prefix + "memory");
  }

  @Override
  public void close() {
    memory.close();
  }
}
