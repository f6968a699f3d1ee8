package io.dpfah.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Iterative quantisation (Gong &amp; Lazebnik, CVPR 2011; the authors' {@code compressITQ.m} and
 * {@code ITQ.m}): centre the training features, project them onto their top K principal
 * components (V = (X − μ) W), then alternate B = sign(V R) and R = the orthogonal Procrustes
 * solution of min ‖B − V R‖² (R = Â·Ûᵀ from the SVD Bᵀ V = Û Σ Âᵀ), starting from a random
 * orthogonal R (the left singular vectors of a K×K standard normal matrix, seeded). The hash is
 * sign((x − μ) W R). Linear algebra: EJML. Principal components are ordered by decreasing
 * variance and each is signed so that its entry of largest magnitude is positive (PCA's sign is
 * arbitrary; this makes the result independent of the eigen solver).
 */
public final class Itq implements ShallowHasher {
  /** Key of the iteration count. */
  public static final String ITERATIONS = "iterations";

  private final int iterations;

  /** ITQ with {@code iterations} alternating updates of B and R. */
  public Itq(int iterations) {
    this.iterations = iterations;
  }

  /**
   * The result of the rotation search.
   *
   * @param rotation the final R, K×K
   * @param codes the last B = sign(V R) (±1, n×K), computed before the last R update as in the
   *     reference
   * @param objective ‖B − V R‖² after each iteration's R update
   */
  public record Rotation(DMatrixRMaj rotation, DMatrixRMaj codes, double[] objective) {}

  /** PCA keeps at most F components. */
  @Override
  public int maxBits(int width) {
    return width;
  }

  @Override
  public Fit fit(DMatrixRMaj features, int bits, long seed) {
    return fit(features, bits, randomRotation(Math.max(1, bits), seed));
  }

  /**
   * As {@link #fit(DMatrixRMaj, int, long)}, from the initial rotation {@code r0} (K×K,
   * orthogonal) instead of a random one.
   */
  public Fit fit(DMatrixRMaj features, int bits, DMatrixRMaj r0) {
    int n = features.numRows;
    int width = features.numCols;
    if (bits > maxBits(width)) {
      throw new IllegalArgumentException("hash.bits: itq keeps the top K principal components"
          + " of the " + width + " pooled features, so K must be at most " + width + ", got "
          + bits);
    }
    if (bits >= n) {
      throw new IllegalArgumentException("hash.bits: itq needs more training images than bits"
          + " for its principal components (" + n + " images, K = " + bits + ")");
    }
    double[] mean = LinearHash.columnMeans(features);
    DMatrixRMaj centred = LinearHash.centred(features, mean);
    DMatrixRMaj pcs = principalComponents(centred, bits);
    DMatrixRMaj v = CommonOps_DDRM.mult(centred, pcs, null);
    Rotation r = rotate(v, r0, iterations);
    List<Double> objective = new ArrayList<>();
    for (double q : r.objective()) {
      objective.add(q / n);
    }
    return new Fit(new LinearHash(mean, CommonOps_DDRM.mult(pcs, r.rotation(), null)),
        objective);
  }

  /**
   * The top {@code k} eigenvectors (F×k, by decreasing eigenvalue, sign-normalised as in the
   * class comment) of the covariance of the centred rows {@code centred} (n×F).
   */
  public static DMatrixRMaj principalComponents(DMatrixRMaj centred, int k) {
    int f = centred.numCols;
    DMatrixRMaj cov = new DMatrixRMaj(f, f);
    CommonOps_DDRM.multTransA(centred, centred, cov);
    CommonOps_DDRM.divide(cov, Math.max(1, centred.numRows - 1));
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(f, true, true);
    if (!eig.decompose(cov)) {
      throw new IllegalStateException("itq: the eigen decomposition of the " + f + "×" + f
          + " feature covariance did not converge");
    }
    Integer[] order = new Integer[eig.getNumberOfEigenvalues()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> -eig.getEigenvalue(i).getReal()));
    DMatrixRMaj w = new DMatrixRMaj(f, k);
    for (int c = 0; c < k; c++) {
      DMatrixRMaj vec = eig.getEigenVector(order[c]);
      int big = 0;
      for (int i = 1; i < f; i++) {
        if (Math.abs(vec.get(i, 0)) > Math.abs(vec.get(big, 0))) {
          big = i;
        }
      }
      double sign = vec.get(big, 0) < 0 ? -1 : 1;
      for (int i = 0; i < f; i++) {
        w.set(i, c, sign * vec.get(i, 0));
      }
    }
    return w;
  }

  /** A random K×K orthogonal matrix: U of the SVD of a standard normal matrix from the seed. */
  public static DMatrixRMaj randomRotation(int k, long seed) {
    DMatrixRMaj g = RandomMatrices_DDRM.rectangleGaussian(k, k, 0, 1, new Random(seed));
    SingularValueDecomposition_F64<DMatrixRMaj> svd = svd(k);
    if (!svd.decompose(g)) {
      throw new IllegalStateException("itq: the SVD of the random initial rotation failed");
    }
    return svd.getU(null, false);
  }

  /**
   * ITQ's alternating minimisation of ‖B − V R‖² from {@code r0}.
   *
   * @param v the PCA-projected training data, n×K
   * @param r0 the initial orthogonal rotation, K×K
   * @param iterations number of (B, R) updates
   */
  public static Rotation rotate(DMatrixRMaj v, DMatrixRMaj r0, int iterations) {
    int k = v.numCols;
    DMatrixRMaj r = r0.copy();
    DMatrixRMaj z = new DMatrixRMaj(v.numRows, k);
    DMatrixRMaj b = new DMatrixRMaj(v.numRows, k);
    DMatrixRMaj c = new DMatrixRMaj(k, k);
    SingularValueDecomposition_F64<DMatrixRMaj> svd = svd(k);
    double[] objective = new double[iterations];
    for (int t = 0; t < iterations; t++) {
      CommonOps_DDRM.mult(v, r, z);
      for (int i = 0; i < z.data.length; i++) {
        b.data[i] = z.data[i] >= 0 ? 1 : -1;
      }
      CommonOps_DDRM.multTransA(b, v, c);
      if (!svd.decompose(c)) {
        throw new IllegalStateException("itq: the SVD of Bᵀ V failed at iteration " + (t + 1));
      }
      CommonOps_DDRM.multTransB(svd.getV(null, false), svd.getU(null, false), r);
      CommonOps_DDRM.mult(v, r, z);
      double q = 0;
      for (int i = 0; i < z.data.length; i++) {
        double d = b.data[i] - z.data[i];
        q += d * d;
      }
      objective[t] = q;
    }
    if (iterations == 0) {
      CommonOps_DDRM.mult(v, r, z);
      for (int i = 0; i < z.data.length; i++) {
        b.data[i] = z.data[i] >= 0 ? 1 : -1;
      }
    }
    return new Rotation(r, b, objective);
  }

  private static SingularValueDecomposition_F64<DMatrixRMaj> svd(int k) {
    return DecompositionFactory_DDRM.svd(k, k, true, true, false);
  }
}
