package io.dpfah.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpfah.spec.LossSpec;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Autograd gradients of every loss term against central differences in float64 (see
 * {@link FiniteDifferences} for the tolerance), plus the closed-form gradients they must equal.
 */
class LossGradientTest {
  private NDManager nd;
  private final Random rnd = new Random(42);

  @BeforeEach
  void open() {
    nd = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    nd.close();
  }

  private double[] uniform(int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * rnd.nextDouble();
    }
    return v;
  }

  /** Values of magnitude in [0.2, 0.95] with random signs (away from |u|'s kink at 0). */
  private double[] codes(int n) {
    double[] v = uniform(n, 0.2, 0.95);
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextBoolean() ? v[i] : -v[i];
    }
    return v;
  }

  private double[] bits01(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextInt(3) == 0 ? 1 : 0;
    }
    return v;
  }

  private NDArray f64(double[] v, long... shape) {
    return nd.create(v, new Shape(shape));
  }

  @Test
  void pairwiseAgainstTheMemory() {
    int b = 3;
    int n = 5;
    int k = 6;
    NDArray memory = f64(codes(n * k), n, k);
    double[] s = bits01(b * n);
    NDArray sim = f64(s, b, n);
    double[] u0 = codes(b * k);
    double[] g = FiniteDifferences.check(nd, u0, new Shape(b, k),
        u -> new PairwiseLikelihood().compute(new LossInputs(u, null, null, memory, sim, false)),
        "pairwise with memory");
    // closed form with the memory held fixed: dL/du_i = Σ_j (σ(θ_ij) − s_ij) · ½ U_j / (B·N)
    double[] mem = memory.toDoubleArray();
    for (int i = 0; i < b; i++) {
      for (int c = 0; c < k; c++) {
        double expected = 0;
        for (int j = 0; j < n; j++) {
          double theta = 0;
          for (int q = 0; q < k; q++) {
            theta += 0.5 * u0[i * k + q] * mem[j * k + q];
          }
          expected += (1 / (1 + Math.exp(-theta)) - s[i * n + j]) * 0.5 * mem[j * k + c];
        }
        assertEquals(expected / (b * n), g[i * k + c], 1e-12);
      }
    }
  }

  @Test
  void pairwiseAgainstLargeInnerProducts() {
    // |θ| up to ½·16·2.5² = 50: the overflow-free form must keep the exact gradient σ(θ) − s
    NDArray memory = f64(uniform(4 * 16, -2.5, 2.5), 4, 16);
    NDArray sim = f64(bits01(2 * 4), 2, 4);
    FiniteDifferences.check(nd, uniform(2 * 16, -2.5, 2.5), new Shape(2, 16),
        u -> new PairwiseLikelihood().compute(new LossInputs(u, null, null, memory, sim, false)),
        "pairwise, large θ");
  }

  @Test
  void pairwiseWithinTheBatch() {
    // loss.memory: false compares the batch with itself: u is both factors of θ = ½ u uᵀ
    int b = 4;
    int k = 5;
    double[] s = bits01(b * b);
    for (int i = 0; i < b; i++) {
      s[i * b + i] = 1;
    }
    NDArray sim = f64(s, b, b);
    double[] u0 = codes(b * k);
    double[] g = FiniteDifferences.check(nd, u0, new Shape(b, k),
        u -> new PairwiseLikelihood().compute(new LossInputs(u, null, null, u, sim, false)),
        "pairwise within the batch");
    // closed form: dL/du_i = Σ_j [(σ(θ_ij) − s_ij) + (σ(θ_ji) − s_ji)] · ½ u_j / B²
    for (int i = 0; i < b; i++) {
      for (int c = 0; c < k; c++) {
        double expected = 0;
        for (int j = 0; j < b; j++) {
          double theta = 0;
          for (int q = 0; q < k; q++) {
            theta += 0.5 * u0[i * k + q] * u0[j * k + q];
          }
          double sig = 1 / (1 + Math.exp(-theta));
          expected += ((sig - s[i * b + j]) + (sig - s[j * b + i])) * 0.5 * u0[j * k + c];
        }
        assertEquals(expected / (b * b), g[i * k + c], 1e-12);
      }
    }
  }

  @Test
  void softmaxCrossEntropy() {
    int b = 3;
    int c = 4;
    double[] y = new double[b * c];
    for (int i = 0; i < b; i++) {
      y[i * c + rnd.nextInt(c)] = 1;
    }
    NDArray targets = f64(y, b, c);
    double[] z0 = uniform(b * c, -3, 3);
    double[] g = FiniteDifferences.check(nd, z0, new Shape(b, c),
        z -> new ClassificationTerm().compute(new LossInputs(null, z, targets, null, null, false)),
        "softmax cross-entropy");
    // closed form: (softmax(z) − y) / B
    for (int i = 0; i < b; i++) {
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp(z0[i * c + j]);
      }
      for (int j = 0; j < c; j++) {
        assertEquals((Math.exp(z0[i * c + j]) / sum - y[i * c + j]) / b, g[i * c + j], 1e-12);
      }
    }
  }

  @Test
  void sigmoidBinaryCrossEntropy() {
    int b = 3;
    int c = 4;
    double[] y = bits01(b * c);
    NDArray targets = f64(y, b, c);
    double[] z0 = uniform(b * c, -4, 4);
    double[] g = FiniteDifferences.check(nd, z0, new Shape(b, c),
        z -> new ClassificationTerm().compute(new LossInputs(null, z, targets, null, null, true)),
        "sigmoid binary cross-entropy");
    // closed form: (σ(z) − y) / (B·C)
    for (int i = 0; i < b * c; i++) {
      assertEquals((1 / (1 + Math.exp(-z0[i])) - y[i]) / (b * c), g[i], 1e-12);
    }
  }

  @Test
  void quantization() {
    double[] u0 = codes(12);
    double[] g = FiniteDifferences.check(nd, u0, new Shape(3, 4),
        u -> new QuantizationTerm().compute(new LossInputs(u, null, null, null, null, false)),
        "quantization");
    // closed form: 2 (|u| − 1) sign(u) / n
    for (int i = 0; i < u0.length; i++) {
      assertEquals(2 * (Math.abs(u0[i]) - 1) * Math.signum(u0[i]) / u0.length, g[i], 1e-12);
    }
  }

  @Test
  void weightedTotal() {
    // the objective the trainer back-propagates: 1·pairwise + 0.1·quantization (no classifier)
    NDArray memory = f64(codes(5 * 6), 5, 6);
    NDArray sim = f64(bits01(3 * 5), 3, 5);
    HashingLoss loss = new HashingLoss(new LossSpec(1.0, 0.0, 0.1, true), false);
    FiniteDifferences.check(nd, codes(3 * 6), new Shape(3, 6),
        u -> loss.compute(new LossInputs(u, null, null, memory, sim, false)).total(),
        "weighted total");
  }
}
