package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dpfah.train.DeviceRows;
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
  private final boolean multiLabel;
  private final DeviceRows centers;
  private final DeviceRows randomBits;

  Csq(MethodContext c) {
    this.lambda = c.params().number("lambda");
    int bits = c.bits();
    int classes = c.classes();
    this.multiLabel = c.multiLabel();
    Random random = new Random(c.seed());
    float[] hadamard = c.centers() != null ? c.centers() : Centers.hadamard(classes, bits, random);
    this.centers = new DeviceRows(c.manager(), classes, bits, hadamard);
    this.randomBits = new DeviceRows(c.manager(), 1, bits, Centers.randomBits(bits, random));
  }

  @Override
  public Result loss(MethodBatch b) {
    NDManager nd = b.manager();
    NDArray u = b.u().tanh();
    NDArray t = Centers.assign(nd, b.labels(), centers.view(nd), multiLabel, randomBits.view(nd));
    NDArray y = Ops.times(Ops.plus(t, 1), 0.5);
    NDArray x = Ops.times(Ops.plus(u, 1), 0.5);
    NDArray bce = Ops.binaryCrossEntropy(x, y, Ops.minus(1, y));
    NDArray q = Ops.plus(u.abs(), -1).square().mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("center", bce);
    terms.put("quantization", q);
    return new Result(bce.add(Ops.times(q, lambda)), terms);
  }

  @Override
  public void close() {
    centers.close();
    randomBits.close();
  }
}
