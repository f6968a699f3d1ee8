package io.dpfah.method;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A shallow method's hash: {@code code(x) = sign((x − mean) · projection)}, sign(0) = +1 as
 * everywhere in dpfah ({@link io.dpfah.eval.HashCodes#fromFloats}).
 *
 * @param mean the training features' mean, length F
 * @param projection F×K
 */
public record LinearHash(double[] mean, DMatrixRMaj projection) {

  /** Checks the shapes and copies. */
  public LinearHash {
    if (mean.length != projection.numRows) {
      throw new IllegalArgumentException("mean has " + mean.length + " entries, projection "
          + projection.numRows + " rows");
    }
    mean = mean.clone();
    projection = projection.copy();
  }

  /** Feature width F. */
  public int width() {
    return projection.numRows;
  }

  /** Code length K. */
  public int bits() {
    return projection.numCols;
  }

  /** The projection's copy. */
  @Override
  public DMatrixRMaj projection() {
    return projection.copy();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  /** {@code (x − mean) · projection} of n feature rows (n×F row-major), n×K row-major. */
  public float[] project(float[] features, int n) {
    int f = width();
    if (features.length != n * f) {
      throw new IllegalArgumentException(features.length + " feature values, expected " + n
          + " × " + f);
    }
    DMatrixRMaj x = new DMatrixRMaj(n, f);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        x.data[i * f + j] = features[i * f + j] - mean[j];
      }
    }
    DMatrixRMaj z = new DMatrixRMaj(n, bits());
    CommonOps_DDRM.mult(x, projection, z);
    float[] out = new float[z.data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) z.data[i];
    }
    return out;
  }

  /** Column means of an n×F matrix. */
  public static double[] columnMeans(DMatrixRMaj x) {
    double[] m = new double[x.numCols];
    for (int i = 0; i < x.numRows; i++) {
      for (int j = 0; j < x.numCols; j++) {
        m[j] += x.data[i * x.numCols + j];
      }
    }
    for (int j = 0; j < m.length; j++) {
      m[j] /= x.numRows;
    }
    return m;
  }

  /** {@code x} with {@code mean} subtracted from every row (a new matrix). */
  public static DMatrixRMaj centred(DMatrixRMaj x, double[] mean) {
    DMatrixRMaj c = x.copy();
    for (int i = 0; i < x.numRows; i++) {
      for (int j = 0; j < x.numCols; j++) {
        c.data[i * x.numCols + j] -= mean[j];
      }
    }
    return c;
  }
}
