package io.dpfah.loss;

import ai.djl.ndarray.NDArray;
import io.dpfah.model.Scalars;

/**
 * DPSH's pairwise negative log-likelihood: with θ_ij = ½·u_iᵀu_j and s_ij ∈ {0,1},
 * {@code L = mean(log(1 + e^θ) − s·θ)}, written as {@code max(θ,0) + log1p(e^−|θ|) − s·θ} so that
 * it never overflows for large |θ|.
 */
public final class PairwiseLikelihood implements LossTerm {
  @Override
  public String name() {
    return "pairwise";
  }

  @Override
  public NDArray compute(LossInputs in) {
    NDArray product = in.codes().matMul(in.memoryCodes().transpose());
    NDArray theta = product.mul(Scalars.of(product, 0.5));
    return Softplus.of(theta).sub(in.similarity().mul(theta)).mean();
  }
}
