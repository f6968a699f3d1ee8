package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * CSQ (Yuan et al., CVPR 2020) as DeepHash-pytorch's {@code CSQLoss}: u ← tanh(u), binary
 * cross-entropy between ½(u + 1) and ½(c + 1) for the label's Hadamard centre c (multi-label:
 * the sign of the summed centres), plus λ·mean((|u| − 1)²).
 */
final class Csq implements Method {
  private final double lambda;
  private final int bits;
  private final int classes;
  private final boolean multiLabel;
  private final float[] centers;
  private final float[] randomBits;

  Csq(MethodContext c) {
    this.lambda = c.params().number("lambda");
    this.bits = c.bits();
    this.classes = c.classes();
    this.multiLabel = c.multiLabel();
    Random random = new Random(c.seed());
    this.centers = c.centers() != null ? c.centers() : Centers.hadamard(classes, bits, random);
    this.randomBits = Centers.randomBits(bits, random);
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u().tanh();
    int n = (int) u.getShape().get(0);
    float[] t = Centers.assign(b.labels().toFloatArray(), n, classes, centers, bits, multiLabel,
        randomBits);
    float[] target = new float[t.length];
    float[] rest = new float[t.length];
    for (int i = 0; i < t.length; i++) {
      target[i] = 0.5f * (t[i] + 1);
      rest[i] = 1 - target[i];
    }
    Shape shape = new Shape(n, bits);
    NDArray x = Ops.times(Ops.plus(u, 1), 0.5);
    NDArray y = b.manager().create(target, shape);
    NDArray bce = Ops.binaryCrossEntropy(x, y, b.manager().create(rest, shape));
    NDArray q = Ops.plus(u.abs(), -1).square().mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("center", bce);
    terms.put("quantization", q);
    return new Result(bce.add(Ops.times(q, lambda)), terms);
  }
}
