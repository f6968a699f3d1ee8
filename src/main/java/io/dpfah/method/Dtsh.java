package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.dpfah.train.CodeMemory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DTSH (Wang et al., ACCV 2016) as DeepHash-pytorch's {@code DTSHLoss}: for every anchor of the
 * batch with both similar and dissimilar items, the mean over (positive, negative) pairs of
 * −(t − log(1 + eᵗ)), t = clamp(θ⁺ − θ⁻ − α, −100, 50), θ = uᵢᵀuⱼ; averaged over those anchors;
 * plus λ·mean((u − sign u)²). The weights are built on the device; without such an anchor the
 * triplet term is 0.
 */
final class Dtsh implements Method {
  private final double alpha;
  private final double lambda;

  Dtsh(MethodContext c) {
    this.alpha = c.params().number("alpha");
    this.lambda = c.params().number("lambda");
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u();
    NDArray y = b.labels();
    int n = (int) y.getShape().get(0);
    NDArray sim = CodeMemory.shares(y, y);
    NDArray p = sim.sum(new int[] {1});
    NDArray anchors = p.gt(0).logicalAnd(p.lt(n)).toType(DataType.FLOAT32, false);
    NDArray perPair = anchors.div(Ops.clampMin(p.mul(Ops.minus(n, p)), 1)).reshape(n, 1, 1);
    NDArray weights = sim.expandDims(2).mul(Ops.minus(1, sim).expandDims(1)).mul(perPair);
    NDArray theta = u.matMul(u.transpose());
    NDArray t = Ops.plus(theta.expandDims(2).sub(theta.expandDims(1)), -alpha).clip(-100, 50);
    NDArray f = t.sub(Ops.plus(t.exp(), 1).log()).neg();
    NDArray triplet = f.mul(weights).sum().div(Ops.clampMin(anchors.sum(), 1));
    NDArray q = Ops.signGap(u).mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("triplet", triplet);
    terms.put("quantization", q);
    return new Result(triplet.add(Ops.times(q, lambda)), terms);
  }
}
