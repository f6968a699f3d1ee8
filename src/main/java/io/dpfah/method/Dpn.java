package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dpfah.train.DeviceRows;
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
  private final DeviceRows randomBits;
  private final DeviceRows targetRows;
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
    this.randomBits = new DeviceRows(c.manager(), 1, bits, Centers.randomBits(bits, random));
    this.targetRows = new DeviceRows(c.manager(), classes, bits, targets);
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u();
    memory.write(b);
    NDManager nd = b.manager();
    NDArray target = Centers.assign(nd, b.labels(), targetRows.view(nd), multiLabel,
        randomBits.view(nd));
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
    setTargets(next, "the adapted targets");
  }

  private void setTargets(float[] t, String what) {
    targetRows.set(t, what);
    targets = t;
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
    setTargets(in.floats(prefix + "targets").clone(), prefix + "targets");
  }

  @Override
  public void close() {
    MemoryMethod.super.close();
    randomBits.close();
    targetRows.close();
  }
}
