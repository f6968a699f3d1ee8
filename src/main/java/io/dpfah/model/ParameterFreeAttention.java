package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * PFA: SimAM's closed-form energy attention, with zero parameters. Per sample and channel, over
 * the H×W positions: {@code n = max(H·W − 1, 1)}, {@code d = (x − mean)²}, {@code v = Σd / n},
 * {@code y = d / (4(v + λ)) + 0.5}, weights {@code sigmoid(y)}, output {@code x·sigmoid(y)}.
 *
 * <p>1×1 guard: SimAM's {@code n = H·W − 1} counts the <em>other</em> neurons of the channel;
 * with a single position there are none, so {@code d = 0} and {@code Σd = 0} whatever n is. Taking
 * {@code n = max(H·W − 1, 1)} keeps {@code v = 0} (instead of 0/0) and, because λ &gt; 0 is
 * required, yields exactly {@code y = 0.5}: every neuron gets the same weight sigmoid(0.5), i.e.
 * the minimal-energy (indistinguishable) case, with no NaN.
 */
public final class ParameterFreeAttention extends AbstractAttention {

  private final double lambda;

  /**
   * Creates PFA for {@code channels} channels.
   *
   * @param lambda SimAM's regulariser λ, must be &gt; 0 (1e-4 by default)
   */
  public ParameterFreeAttention(int channels, double lambda) {
    super(channels);
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new ModelException("model.lambda: expected a finite value > 0, got " + lambda);
    }
    this.lambda = lambda;
  }

  /** SimAM's λ. */
  public double lambda() {
    return lambda;
  }

  @Override
  public String variant() {
    return "pfa";
  }

  /**
   * Each activation-sized intermediate is closed once the next step has consumed it (libtorch
   * keeps what the backward pass saved): DJL would otherwise hold them all until the step's manager
   * closes, where PyTorch frees each saved one as soon as the backward pass is done with it (at
   * 224 px, batch 32, RSS 2,723 → 2,551 MB).
   */
  @Override
  protected NDArray weights(ParameterStore ps, NDArray x, boolean training) {
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    long n = Math.max(h * w - 1, 1);
    Shape shape = x.getShape();
    NDArray flat = flatSpatial(x);
    NDArray centred = flat.sub(flat.mean(new int[] {2}, true));
    NDArray d = consumed(centred, InferenceOps.square(centred));
    NDArray v = d.sum(new int[] {2}, true).div(Scalars.of(d, n));
    NDArray q = consumed(d, InferenceOps.div(d, v.add(lambda).mul(Scalars.of(v, 4))));
    NDArray weights = InferenceOps.sigmoid(InferenceOps.add(q, 0.5));
    return consumed(weights, weights.reshape(shape));
  }

  @Override
  public long parameterFormula(int channels) {
    return 0;
  }
}
