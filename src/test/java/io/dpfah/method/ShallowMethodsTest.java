package io.dpfah.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.MethodSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** LSH's and ITQ's properties that hold whatever the data, and their declarations. */
class ShallowMethodsTest {

  /** n×f standard normal features shifted by {@code offset} in every column. */
  private static DMatrixRMaj gaussian(int n, int f, long seed, double offset) {
    Random r = new Random(seed);
    DMatrixRMaj x = new DMatrixRMaj(n, f);
    for (int i = 0; i < x.data.length; i++) {
      x.data[i] = r.nextGaussian() * (1 + (i % f) * 0.1) + offset;
    }
    return x;
  }

  private static float[] floats(DMatrixRMaj x) {
    float[] out = new float[x.data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) x.data[i];
    }
    return out;
  }

  @Test
  void itqObjectiveNeverIncreasesAndFalls() {
    DMatrixRMaj x = gaussian(300, 24, 1, 0);
    ShallowHasher.Fit fit = new Itq(50).fit(x, 8, 11L);
    List<Double> q = fit.objective();
    assertEquals(50, q.size());
    for (int t = 1; t < q.size(); t++) {
      assertTrue(q.get(t) <= q.get(t - 1) * (1 + 1e-12),
          "iteration " + (t + 1) + ": " + q.get(t - 1) + " → " + q.get(t));
    }
    assertTrue(q.get(q.size() - 1) < 0.99 * q.get(0), "ITQ lowers the quantisation loss: " + q);
  }

  @Test
  void itqProjectionHasOrthonormalColumnsAndSeedDecidesTheStart() {
    DMatrixRMaj r = Itq.randomRotation(6, 3L);
    DMatrixRMaj rtr = CommonOps_DDRM.multTransA(r, r, null);
    assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentity(rtr, 1e-12), rtr.toString());
    assertArrayEquals(r.data, Itq.randomRotation(6, 3L).data, 0.0, "same seed, same rotation");
    assertFalse(java.util.Arrays.equals(r.data, Itq.randomRotation(6, 4L).data));

    DMatrixRMaj p = new Itq(50).fit(gaussian(200, 16, 2, 5), 6, 9L).hash().projection();
    assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentity(
        CommonOps_DDRM.multTransA(p, p, null), 1e-9), "W·R: orthonormal PCA basis, rotated");
  }

  @Test
  void itqRejectsMoreBitsThanFeaturesOrImages() {
    Itq itq = new Itq(50);
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
        () -> itq.fit(gaussian(100, 16, 1, 0), 32, 1L));
    assertEquals("hash.bits: itq keeps the top K principal components of the 16 pooled"
        + " features, so K must be at most 16, got 32", wide.getMessage());
    IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
        () -> itq.fit(gaussian(8, 16, 1, 0), 8, 1L));
    assertTrue(few.getMessage().startsWith("hash.bits: itq needs more training images than"
        + " bits"), few.getMessage());
    assertEquals(512, itq.maxBits(512));
    assertEquals(Integer.MAX_VALUE, new Lsh().maxBits(512));
  }

  @Test
  void lshBitsAreBalancedOnCentredGaussianFeaturesEvenWhenShifted() {
    DMatrixRMaj train = gaussian(4000, 64, 5, 10.0);
    ShallowHasher.Fit fit = new Lsh().fit(train, 32, 21L);
    assertEquals(64, fit.hash().width());
    assertEquals(32, fit.hash().bits());
    assertTrue(fit.objective().isEmpty());
    float[] z = fit.hash().project(floats(train), 4000);
    assertEquals(4000 * 32, z.length);
    for (int b = 0; b < 32; b++) {
      int ones = 0;
      for (int i = 0; i < 4000; i++) {
        ones += z[i * 32 + b] >= 0 ? 1 : 0;
      }
      // 0.5 ± 6 standard deviations of a fraction of 4000 fair coins (0.0079)
      assertEquals(0.5, ones / 4000.0, 0.05, "bit " + b + " is +1 on " + ones + " of 4000");
    }
  }

  @Test
  void lshIsDeterminedBySeedWithStandardNormalProjection() {
    DMatrixRMaj train = gaussian(50, 40, 6, 0);
    DMatrixRMaj a = new Lsh().fit(train, 48, 5L).hash().projection();
    assertArrayEquals(a.data, new Lsh().fit(train, 48, 5L).hash().projection().data, 0.0);
    assertFalse(java.util.Arrays.equals(a.data, new Lsh().fit(train, 48, 6L).hash()
        .projection().data));
    double sum = 0;
    double squares = 0;
    for (double v : a.data) {
      sum += v;
      squares += v * v;
    }
    int n = a.data.length;
    assertEquals(0, sum / n, 0.1, "entries have mean 0");
    assertEquals(1, squares / n - (sum / n) * (sum / n), 0.1, "and variance 1");
  }

  @Test
  void lshBitsDisagreeWithProbabilityAngleOverPi() {
    // Charikar's random-hyperplane property: P(sign differs) = θ / π; θ = 60° gives 1/3.
    int f = 8;
    int bits = 4096;
    DMatrixRMaj zero = new DMatrixRMaj(2, f);
    LinearHash h = new Lsh().fit(zero, bits, 13L).hash();
    float[] xy = new float[2 * f];
    xy[0] = 1;
    xy[f] = (float) Math.cos(Math.PI / 3);
    xy[f + 1] = (float) Math.sin(Math.PI / 3);
    float[] z = h.project(xy, 2);
    int differ = 0;
    for (int b = 0; b < bits; b++) {
      differ += (z[b] >= 0) != (z[bits + b] >= 0) ? 1 : 0;
    }
    // 1/3 ± 3 standard deviations (0.022) of 4096 Bernoulli(1/3)
    assertEquals(1.0 / 3, differ / (double) bits, 0.022, differ + " of " + bits + " bits");
  }

  @Test
  void shallowDeclarations() {
    for (String name : List.of("lsh", "itq")) {
      MethodDefinition d = MethodRegistry.get(name);
      assertTrue(d.isShallow(), name);
      assertFalse(d.hasClassifier(), name);
      assertTrue(d.multiLabel(), name + " is unsupervised");
      assertTrue(d.terms().isEmpty());
      assertEquals(ShallowHasher.RANDOM_BACKBONE, d.params().get(d.params().size() - 1));
      assertThrows(IllegalStateException.class, () -> d.create(null), name + " has no loss");
    }
    MethodDefinition itq = MethodRegistry.get("itq");
    assertEquals(List.of("iterations", "random_backbone"),
        itq.params().stream().map(Param::key).toList());
    assertEquals(50, itq.params().get(0).def(), "the authors' compressITQ.m uses 50");
    assertTrue(itq.createHasher(new MethodSpec("itq", Map.of("iterations", 3,
        "random_backbone", false))) instanceof Itq);
    MethodDefinition dpsh = MethodRegistry.get("dpsh");
    assertFalse(dpsh.isShallow());
    assertThrows(IllegalStateException.class, () -> dpsh.createHasher(null));
  }
}
