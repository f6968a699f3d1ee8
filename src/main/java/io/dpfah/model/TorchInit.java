package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * torchvision's initialisation, applied to an initialised DJL block tree:
 *
 * <ul>
 *   <li>every convolution: {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}, i.e.
 *       N(0, 2 / (out_channels · k_h · k_w)); biases (if any) 0;
 *   <li>every BatchNorm: γ = 1, β = 0, running mean 0, running variance 1;
 *   <li>every Linear: PyTorch's default {@code reset_parameters}, weight and bias
 *       U(−1/√fan_in, 1/√fan_in);
 *   <li>with {@code zeroInitResidual}, the last BatchNorm of every residual block gets γ = 0
 *       (torchvision's {@code zero_init_residual=True}).
 * </ul>
 *
 * Values come from a {@link SplittableRandom} seeded by the run's seed, visiting parameters in
 * the block tree's order, so the same seed always gives the same weights on every device.
 */
public final class TorchInit {

  private TorchInit() {}

  /** Standard deviation of torchvision's conv initialisation for a weight of this shape. */
  public static double convStd(long[] weightShape) {
    long fanOut = weightShape[0];
    for (int i = 2; i < weightShape.length; i++) {
      fanOut *= weightShape[i];
    }
    return Math.sqrt(2.0 / fanOut);
  }

  /** Bound of PyTorch's default Linear initialisation: {@code 1/√fan_in}. */
  public static double linearBound(long fanIn) {
    return 1.0 / Math.sqrt(fanIn);
  }

  /**
   * Re-initialises every parameter of {@code root} (already initialised with its shapes).
   *
   * @param root the network
   * @param seed the run's seed
   * @param zeroInitResidual whether each residual block's last BatchNorm starts with γ = 0
   */
  public static void apply(Block root, long seed, boolean zeroInitResidual) {
    visit(root, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L), zeroInitResidual);
  }

  private static void visit(Block block, SplittableRandom rng, boolean zeroInitResidual) {
    if (block instanceof Convolution) {
      NDArray w = param(block, "weight");
      double std = convStd(w.getShape().getShape());
      w.set(gaussian(rng, (int) w.size(), std));
      fillIfPresent(block, "bias", 0f);
    } else if (block instanceof Linear) {
      NDArray w = param(block, "weight");
      double bound = linearBound(w.getShape().get(1));
      w.set(uniform(rng, (int) w.size(), bound));
      NDArray b = optionalParam(block, "bias");
      if (b != null) {
        b.set(uniform(rng, (int) b.size(), bound));
      }
    } else if (block instanceof BatchNorm) {
      fillIfPresent(block, "gamma", 1f);
      fillIfPresent(block, "beta", 0f);
      fillIfPresent(block, "runningMean", 0f);
      fillIfPresent(block, "runningVar", 1f);
    }
    for (Pair<String, Block> child : block.getChildren()) {
      visit(child.getValue(), rng, zeroInitResidual);
    }
    if (zeroInitResidual && block instanceof ResidualBlock r) {
      fillIfPresent(r.lastNorm(), "gamma", 0f);
    }
  }

  private static NDArray param(Block block, String name) {
    NDArray a = optionalParam(block, name);
    if (a == null) {
      throw new ModelException("initialisation: " + block.getClass().getSimpleName()
          + " has no initialised parameter '" + name + "'");
    }
    return a;
  }

  private static NDArray optionalParam(Block block, String name) {
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      if (p.getKey().equals(name) && p.getValue().isInitialized()) {
        return p.getValue().getArray();
      }
    }
    return null;
  }

  private static void fillIfPresent(Block block, String name, float value) {
    NDArray a = optionalParam(block, name);
    if (a != null) {
      float[] v = new float[(int) a.size()];
      Arrays.fill(v, value);
      a.set(v);
    }
  }

  private static float[] gaussian(SplittableRandom rng, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rng.nextGaussian() * std);
    }
    return v;
  }

  private static float[] uniform(SplittableRandom rng, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    }
    return v;
  }
}
