package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import io.dpfah.train.CodeMemory;
import io.dpfah.weights.StateDict;
import java.util.Map;

/**
 * HashNet (Cao et al., ICCV 2017) as DeepHash-pytorch's {@code HashNetLoss}: u ← tanh(scale·u),
 * a weighted pairwise likelihood of α·uᵢᵀuⱼ within the batch, similar and dissimilar pairs
 * balanced; the continuation scale is √(⌊(epoch − 1)/step_continuation⌋ + 1).
 */
final class HashNet implements Method {
  private final double alpha;
  private final int stepContinuation;
  private double scale = 1;

  HashNet(MethodContext c) {
    this.alpha = c.params().number("alpha");
    this.stepContinuation = c.params().integer("step_continuation");
  }

  @Override
  public void beforeEpoch(int epoch) {
    scale = Math.sqrt((epoch - 1) / stepContinuation + 1);
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = Ops.times(b.u(), scale).tanh();
    NDArray y = b.labels();
    long n = y.getShape().get(0);
    float total = n * n;
    NDArray sim = CodeMemory.shares(y, y);
    NDArray s1 = sim.sum();
    NDArray s0 = Ops.minus(total, s1);
    NDArray weights = sim.mul(Ops.c(s1, total).div(Ops.clampMin(s1, 1)))
        .add(Ops.minus(1, sim).mul(Ops.c(s0, total).div(Ops.clampMin(s0, 1))));
    NDArray dot = Ops.times(u, alpha).matMul(u.transpose());
    NDArray nlp = dot.add(Ops.plus(dot.neg().exp(), 1).log()).sub(sim.mul(dot));
    NDArray loss = nlp.mul(weights).sum().div(Ops.c(nlp, total));
    return new Result(loss, Map.of("pairwise", loss));
  }

  @Override
  public void save(StateDict out, String prefix) {
    out.putMeta(prefix + "scale", scale);
  }

  @Override
  public void load(StateDict in, String prefix) {
    scale = in.meta(prefix + "scale", Double.class);
  }
}
