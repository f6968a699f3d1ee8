package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.dpfah.weights.StateDict;
import java.util.Map;
import java.util.Random;

/**
 * DPN (Fan et al., IJCAI 2020) as DeepHash-pytorch's {@code DPNLoss}: the polarisation loss
 * mean(max(m − u·t, 0)) towards the label's random target vector t (multi-label: as CSQ). With
 * {@code adaptive}, after every epoch the targets become sign(Yᵀ·ternary(U)) from the code
 * memory (the reference's "-A" variant).
 */
final class Dpn implements MemoryMethod {
  private final double m;
  private final boolean adaptive;
  private final int bits;
  private final int classes;
  private final boolean multiLabel;
  private final LabelMemory memory;
  private final float[] randomBits;
  private float[] targets;

  Dpn(MethodContext c) {
    this.m = c.params().number("m");
    this.adaptive = c.params().bool("adaptive");
    this.bits = c.bits();
    this.classes = c.classes();
    this.multiLabel = c.multiLabel();
    this.memory = new LabelMemory(c.manager(), c.numTrain(), bits, classes);
    Random random = new Random(c.seed());
    this.targets = c.centers() != null ? c.centers()
        : Centers.random(classes, bits, c.params().number("p"), random);
    this.randomBits = Centers.randomBits(bits, random);
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u();
    memory.write(b);
    int n = (int) u.getShape().get(0);
    float[] t = Centers.assign(b.labels().toFloatArray(), n, classes, targets, bits, multiLabel,
        randomBits);
    NDArray target = b.manager().create(t, new Shape(n, bits));
    NDArray loss = Ops.clampMin(Ops.minus(m, u.mul(target)), 0).mean();
    return new Result(loss, Map.of("polarization", loss));
  }

  @Override
  public void afterEpoch(int epoch) {
    if (!adaptive) {
      return;
    }
    float[] u = memory.hostCodes();
    float[] y = memory.hostLabels();
    int rows = u.length / bits;
    float[] next = new float[classes * bits];
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < bits; j++) {
        float sum = 0;
        for (int r = 0; r < rows; r++) {
          float v = u[r * bits + j];
          float ternary = Math.abs(v) > m ? Math.signum(v) : 0;
          sum += y[r * classes + k] * ternary;
        }
        next[k * bits + j] = Math.signum(sum);
      }
    }
    targets = next;
  }

  @Override
  public LabelMemory memory() {
    return memory;
  }

  @Override
  public void save(StateDict out, String prefix) {
    MemoryMethod.super.save(out, prefix);
    float[] t = targets;
    out.put(prefix + "targets", new long[] {classes, bits}, () -> t);
  }

  @Override
  public void load(StateDict in, String prefix) {
    MemoryMethod.super.load(in, prefix);
    float[] t = in.floats(prefix + "targets");
    if (t.length != classes * bits) {
      throw new IllegalStateException("checkpoint: " + prefix + "targets has " + t.length
          + " values, expected " + classes * bits);
    }
    targets = t.clone();
  }
}
