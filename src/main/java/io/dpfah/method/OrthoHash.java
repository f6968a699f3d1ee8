package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dpfah.train.DeviceRows;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * OrthoHash (Hoe et al., NeurIPS 2021) as cisip-FIRe's {@code OrthoCosLoss} on its {@code CosSim}
 * logits: cos(u, c_k) against a fixed codebook of ±1 class codes ({@link Centers#separated}),
 * then cross-entropy of s·(cos − m·y) — single-label: to the label; multi-label: FIRe's
 * {@code label_smoothing}, to y / Σy — plus quan·mean(1 − cos(u, sign u)), sign without gradient.
 * Its head is FIRe's too: u is the hash layer's BatchNorm output ({@link
 * HashActivation#BATCH_NORM}).
 */
final class OrthoHash implements Method {
  private static final double EPS = 1e-8;

  private final double s;
  private final double m;
  private final double quan;
  private final int classes;
  private final boolean multiLabel;
  private final DeviceRows unitCodes;

  OrthoHash(MethodContext c) {
    this.s = c.params().number("s");
    this.m = c.params().number("m");
    this.quan = c.params().number("quan");
    this.classes = c.classes();
    this.multiLabel = c.multiLabel();
    float[] codebook = c.centers() != null ? c.centers()
        : Centers.separated(classes, c.bits(), new Random(c.seed()));
    this.unitCodes = new DeviceRows(c.manager(), classes, c.bits(),
        unitRows(codebook, classes, c.bits()));
  }

  @Override
  public Result loss(MethodBatch b) {
    NDManager nd = b.manager();
    NDArray u = b.u();
    NDArray y = b.labels();
    NDArray cos = u.div(u.norm(new int[] {1}, true)).matMul(unitCodes.view(nd).transpose());
    NDArray marked;
    NDArray target;
    if (multiLabel) {
      marked = y;
      target = y.div(Ops.clampMin(y.sum(new int[] {1}, true), Float.MIN_NORMAL));
    } else {
      marked = Ops.argmaxOneHot(y, classes);
      target = marked;
    }
    NDArray ce = Ops.crossEntropy(Ops.times(cos.sub(Ops.times(marked, m)), s), target);
    NDArray q = Ops.minus(1, Ops.cosine(u, u.sign().stopGradient(), EPS)).mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("classification", ce);
    terms.put("quantization", q);
    return new Result(quan == 0 ? ce : ce.add(Ops.times(q, quan)), terms);
  }

  /** The codebook's rows divided by their L2 norm (C×K, row-major). */
  private static float[] unitRows(float[] codebook, int classes, int bits) {
    float[] unit = new float[codebook.length];
    for (int k = 0; k < classes; k++) {
      double sq = 0;
      for (int j = 0; j < bits; j++) {
        sq += (double) codebook[k * bits + j] * codebook[k * bits + j];
      }
      float norm = (float) Math.sqrt(sq);
      for (int j = 0; j < bits; j++) {
        unit[k * bits + j] = codebook[k * bits + j] / norm;
      }
    }
    return unit;
  }

  @Override
  public void close() {
    unitCodes.close();
  }
}
