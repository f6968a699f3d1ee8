package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import io.dpfah.train.CodeMemory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DPSH (Li et al., IJCAI 2016) as DeepHash-pytorch's {@code DPSHLoss}: the pairwise likelihood
 * of θ = ½·uᵀU against the code memory, plus α·mean((u − sign u)²). With {@code cosh} set it is
 * DHN's {@code DHNLoss}: the quantisation term is α·mean(log cosh(|u| − 1)).
 */
final class Dpsh implements MemoryMethod {
  private final LabelMemory memory;
  private final double alpha;
  private final boolean cosh;

  Dpsh(MethodContext c, boolean cosh) {
    this.memory = new LabelMemory(c.manager(), c.numTrain(), c.bits(), c.classes());
    this.alpha = c.params().number("alpha");
    this.cosh = cosh;
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u();
    memory.write(b);
    NDArray s = CodeMemory.shares(b.labels(), memory.labels(b.manager()));
    NDArray ip = Ops.times(u.matMul(memory.codes(b.manager()).transpose()), 0.5);
    NDArray likelihood = Ops.likelihood(ip, s).mean();
    NDArray q = cosh
        ? Ops.plus(u.abs(), -1).cosh().log().mean()
        : Ops.signGap(u).mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("pairwise", likelihood);
    terms.put("quantization", q);
    return new Result(likelihood.add(Ops.times(q, alpha)), terms);
  }

  @Override
  public LabelMemory memory() {
    return memory;
  }
}
