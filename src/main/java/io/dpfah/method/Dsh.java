package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import io.dpfah.train.CodeMemory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DSH (Liu et al., CVPR 2016) as DeepHash-pytorch's {@code DSHLoss}: a contrastive loss on
 * squared Euclidean distances to the code memory with margin m = 2K (a memory row not written
 * yet counts as dissimilar), plus α·mean(|1 − |u||).
 *
 * <p>The distances are ‖u‖² + ‖U‖² − 2·u·Uᵀ rather than the reference's broadcast (u − U)²
 * (B×N×K floats, 80 MB at batch 64, 5,000 rows and 64 bits, and 2.8 s of a 1-thread step); the
 * fixtures still match to 1.5e-7 relative.
 */
final class Dsh implements MemoryMethod {
  private final LabelMemory memory;
  private final double alpha;
  private final double margin;

  Dsh(MethodContext c) {
    this.memory = new LabelMemory(c.manager(), c.numTrain(), c.bits(), c.classes());
    this.alpha = c.params().number("alpha");
    this.margin = 2.0 * c.bits();
  }

  @Override
  public Result loss(MethodBatch b) {
    NDArray u = b.u();
    memory.write(b);
    NDArray codes = memory.codes(b.manager());
    NDArray dist = squaredDistances(u, codes);
    NDArray dissimilar = Ops.minus(1, CodeMemory.shares(b.labels(), memory.labels(b.manager())));
    NDArray similarHalf = Ops.minus(1, dissimilar).div(Ops.c(dist, 2));
    NDArray dissimilarHalf = dissimilar.div(Ops.c(dist, 2));
    NDArray contrastive = similarHalf.mul(dist)
        .add(dissimilarHalf.mul(Ops.clampMin(Ops.minus(margin, dist), 0))).mean();
    NDArray q = Ops.minus(1, u.abs()).abs().mean();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("pairwise", contrastive);
    terms.put("quantization", q);
    return new Result(contrastive.add(Ops.times(q, alpha)), terms);
  }

  /** ‖a_i − b_j‖² for every row pair, through the Gram matrix. */
  static NDArray squaredDistances(NDArray a, NDArray b) {
    NDArray aa = a.square().sum(new int[] {1}, true);
    NDArray bb = b.square().sum(new int[] {1}).expandDims(0);
    return aa.add(bb).sub(Ops.times(a.matMul(b.transpose()), 2));
  }

  @Override
  public LabelMemory memory() {
    return memory;
  }
}
