package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.dpfah.train.CodeMemory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DTSH (Wang et al., ACCV 2016) as DeepHash-pytorch's {@code DTSHLoss}: for every anchor of the
 * batch with both similar and dissimilar items, the mean over (positive, negative) pairs of
 * −(t − log(1 + eᵗ)), t = clamp(θ⁺ − θ⁻ − α, −100, 50), θ = uᵢᵀuⱼ; averaged over those anchors;
 * plus λ·mean((u − sign u)²).
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
    float[] s = CodeMemory.shares(y, y).toFloatArray();
    float[] w = new float[n * n * n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int p = 0;
      for (int j = 0; j < n; j++) {
        p += s[i * n + j] > 0 ? 1 : 0;
      }
      if (p == 0 || p == n) {
        continue;
      }
      count++;
      float pairs = (float) p * (n - p);
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          if (s[i * n + j] > 0 && s[i * n + k] == 0) {
            w[(i * n + j) * n + k] = 1f / pairs;
          }
        }
      }
    }
    Map<String, NDArray> terms = new LinkedHashMap<>();
    NDArray q = Ops.signGap(u).mean();
    NDArray total = Ops.times(q, lambda);
    if (count > 0) {
      NDArray theta = u.matMul(u.transpose());
      NDArray t = Ops.plus(theta.expandDims(2).sub(theta.expandDims(1)), -alpha).clip(-100, 50);
      NDArray f = t.sub(Ops.plus(t.exp(), 1).log()).neg();
      NDArray weights = b.manager().create(w, new Shape(n, n, n));
      NDArray triplet = f.mul(weights).sum().div(Ops.c(f, count));
      terms.put("triplet", triplet);
      total = triplet.add(total);
    } else {
      terms.put("triplet", b.manager().zeros(new Shape()));
    }
    terms.put("quantization", q);
    return new Result(total, terms);
  }
}
