package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import io.dpfah.model.Scalars;

/** Differentiable arithmetic with engine-owned constants (see {@link Scalars}). */
final class Ops {
  static final float BIG = Float.MAX_VALUE;

  private Ops() {}

  static NDArray c(NDArray like, double v) {
    return Scalars.of(like, v);
  }

  static NDArray times(NDArray x, double v) {
    return x.mul(c(x, v));
  }

  static NDArray plus(NDArray x, double v) {
    return x.add(c(x, v));
  }

  /** {@code v − x}. */
  static NDArray minus(double v, NDArray x) {
    return c(x, v).sub(x);
  }

  /** {@code x.clamp(min=lo)} (gradient 1 on the boundary, as in PyTorch). */
  static NDArray clampMin(NDArray x, double lo) {
    return x.clip(lo, BIG);
  }

  /** {@code x.clamp(max=hi)}. */
  static NDArray clampMax(NDArray x, double hi) {
    return x.clip(-BIG, hi);
  }

  /** {@code (1 + e^(−|x|)).log() + x.clamp(min=0) − s·x}: DPSH's likelihood, as the reference. */
  static NDArray likelihood(NDArray x, NDArray s) {
    return plus(x.abs().neg().exp(), 1).log().add(clampMin(x, 0)).sub(s.mul(x));
  }

  /** {@code (u − sign(u))²}, the sign without gradient. */
  static NDArray signGap(NDArray u) {
    return u.sub(u.sign().stopGradient()).square();
  }

  /** {@code x³}, as {@code x.pow(3)}. */
  /**
   * PyTorch's {@code BCELoss} (mean) of probabilities {@code x} against targets {@code y}, with
   * {@code rest = 1 − y}: the value clamps each log at −100, and the gradient is PyTorch's
   * analytic {@code (x − y) / max(x(1 − x), 1e-12)} per element, so a saturated x of exactly 0 or
   * 1 gives a finite gradient as in PyTorch, not the NaN of differentiating the clamped log.
   */
  static NDArray binaryCrossEntropy(NDArray x, NDArray y, NDArray rest) {
    NDArray value = y.mul(clampMin(x.log(), -100))
        .add(rest.mul(clampMin(minus(1, x).log(), -100))).neg().mean().stopGradient();
    NDArray slope = x.sub(y).div(clampMin(x.mul(minus(1, x)), 1e-12)).stopGradient();
    NDArray surrogate = x.mul(slope).mean();
    return value.add(surrogate.sub(surrogate.stopGradient()));
  }

  static NDArray cube(NDArray x) {
    return x.pow(c(x, 3));
  }

  /** Mean over rows of {@code −Σ_k t·log_softmax(z)}: softmax cross-entropy to the rows of t. */
  static NDArray crossEntropy(NDArray z, NDArray t) {
    return z.logSoftmax(1).mul(t).sum(new int[] {1}).neg().mean();
  }

  /**
   * Row-wise cosine similarity as PyTorch's {@code F.cosine_similarity(a, b, dim=1, eps)}:
   * {@code Σab / sqrt(max(Σa²·Σb², eps²))}.
   */
  static NDArray cosine(NDArray a, NDArray b, double eps) {
    int[] rows = {1};
    NDArray norms = a.square().sum(rows).mul(b.square().sum(rows));
    return a.mul(b).sum(rows).div(clampMin(norms, eps * eps).sqrt());
  }

  /** One-hot rows (n×classes) of each row's first largest label: {@code y.argmax(1)}. */
  static NDArray argmaxOneHot(NDArray labels, int classes) {
    return labels.argMax(1).oneHot(classes);
  }
}
