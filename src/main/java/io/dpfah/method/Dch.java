package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.dpfah.train.CodeMemory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DCH (Cao et al., CVPR 2018) as DeepHash-pytorch's {@code DCHLoss}: the Cauchy cross-entropy on
 * the normalised Hamming distance d = K/2·(1 − min(cos, 0.99)) within the batch, similar and
 * dissimilar pairs balanced, plus λ·mean(log(1 + d(|u|, 1)/γ)).
 */
final class Dch implements Method {
  private final double gamma;
  private final double lambda;
  private final int bits;

  Dch(MethodContext c) {
    this.gamma = c.params().number("gamma");
    this.lambda = c.params().number("lambda");
    this.bits = c.bits();
  }

  private NDArray d(NDArray hi, NDArray hj) {
    NDArray inner = hi.matMul(hj.transpose());
    NDArray norm = hi.square().sum(new int[] {1}, true).sqrt()
        .matMul(hj.square().sum(new int[] {1}, true).sqrt().transpose());
    NDArray cos = inner.div(Ops.clampMin(norm, 0.0001));
    return Ops.minus(1, Ops.clampMax(cos, 0.99)).mul(Ops.c(cos, bits)).div(Ops.c(cos, 2));
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u();
    NDArray y = b.labels();
    long n = y.getShape().get(0);
    float count = n * n;
    NDArray sim = CodeMemory.shares(y, y);
    NDArray pos = sim.sum();
    NDArray neg = Ops.minus(count, pos);
    NDArray weights = Ops.times(sim, count).div(Ops.clampMin(pos, 1))
        .add(Ops.times(Ops.minus(1, sim), count).div(Ops.clampMin(neg, 1)));
    NDArray dist = d(u, u);
    NDArray cauchy = weights.mul(sim.mul(dist.div(Ops.c(dist, gamma)).log())
        .add(Ops.plus(Ops.c(dist, gamma).div(dist), 1).log())).mean();
    NDArray ones = b.manager().ones(new Shape(1, bits));
    NDArray q = Ops.plus(d(u.abs(), ones).div(Ops.c(u, gamma)), 1).log().mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("pairwise", cauchy);
    terms.put("quantization", q);
    return new Result(cauchy.add(Ops.times(q, lambda)), terms);
  }
}
