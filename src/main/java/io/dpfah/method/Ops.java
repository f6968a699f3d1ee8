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
}
