package io.dpfah.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpfah.spec.LossSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each loss term against values computed by hand (with the arithmetic in the comments). */
class HashingLossTest {
  private NDManager nd;

  @BeforeEach
  void open() {
    nd = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    nd.close();
  }

  private NDArray m(float[][] rows) {
    float[] flat = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
    }
    return nd.create(flat, new Shape(rows.length, rows[0].length));
  }

  private LossInputs pairwiseInputs() {
    NDArray u = m(new float[][] {{1, -1}, {0.5f, 0.5f}});
    NDArray s = m(new float[][] {{1, 0}, {0, 1}});
    return new LossInputs(u, null, null, u, s, false);
  }

  @Test
  void pairwiseMatchesHandComputedValue() {
    // θ = ½·u·uᵀ = [[1, 0], [0, 0.25]]; terms log(1+e^θ) − sθ:
    // (log(1+e) − 1) + log 2 + log 2 + (log(1+e^0.25) − 0.25) = 2.275495…, mean 0.5688738671
    float v = new PairwiseLikelihood().compute(pairwiseInputs()).getFloat();
    assertEquals(0.5688738671, v, 1e-6);
  }

  @Test
  void pairwiseIsStableForLargeInnerProducts() {
    // θ = ½·(30·30 + 30·30) = 900. Naive log(1+e^900) overflows; the true values are
    // 900 − 900 = 0 for a similar pair and 900 for a dissimilar one.
    NDArray u = m(new float[][] {{30, 30}});
    float similar = new PairwiseLikelihood()
        .compute(new LossInputs(u, null, null, u, m(new float[][] {{1}}), false)).getFloat();
    float dissimilar = new PairwiseLikelihood()
        .compute(new LossInputs(u, null, null, u, m(new float[][] {{0}}), false)).getFloat();
    assertEquals(0.0, similar, 1e-6);
    assertEquals(900.0, dissimilar, 1e-3);
  }

  @Test
  void softmaxCrossEntropyMatchesHandComputedValue() {
    // −log(e²/(e² + e⁰ + e⁻¹)) = log(8.7569) − 2 = 0.1698460196
    NDArray z = m(new float[][] {{2, 0, -1}});
    NDArray y = m(new float[][] {{1, 0, 0}});
    float v = new ClassificationTerm().compute(new LossInputs(null, z, y, null, null, false))
        .getFloat();
    assertEquals(0.1698460196, v, 1e-6);
  }

  @Test
  void sigmoidBinaryCrossEntropyForMultiLabel() {
    // labels [1, 0], logits [0, 2]: (log 2 + log(1 + e²)) / 2 = 1.4100375958
    NDArray z = m(new float[][] {{0, 2}});
    NDArray y = m(new float[][] {{1, 0}});
    float v = new ClassificationTerm().compute(new LossInputs(null, z, y, null, null, true))
        .getFloat();
    assertEquals(1.4100375958, v, 1e-6);
  }

  @Test
  void quantizationMatchesHandComputedValue() {
    // (|u| − 1)² of [0.5, −1, 0, 0.9] = 0.25, 0, 1, 0.01 → mean 0.315
    NDArray u = m(new float[][] {{0.5f, -1}, {0, 0.9f}});
    float v = new QuantizationTerm().compute(new LossInputs(u, null, null, null, null, false))
        .getFloat();
    assertEquals(0.315, v, 1e-6);
  }

  @Test
  void totalIsTheWeightedSumAndSkipsZeroWeights() {
    LossInputs in = pairwiseInputs();
    HashingLoss.Result r = new HashingLoss(new LossSpec(2.0, 0.0, 0.5, true), false).compute(in);
    assertEquals(2, r.terms().size());
    assertTrue(r.terms().containsKey("pairwise") && r.terms().containsKey("quantization"));
    // quantization of u = [[1,−1],[0.5,0.5]]: (0, 0, 0.25, 0.25) → 0.125
    assertEquals(2 * 0.5688738671 + 0.5 * 0.125, r.total().getFloat(), 1e-6);
  }

  @Test
  void classificationTermNeedsTheBranch() {
    HashingLoss loss = new HashingLoss(new LossSpec(0, 1, 0, true), false);
    assertThrows(IllegalStateException.class, () -> loss.compute(pairwiseInputs()));
  }
}
