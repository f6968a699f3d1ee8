package io.dpfah.method;

import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.RandomMatrices_DDRM;

/**
 * Locality-sensitive hashing by random hyperplanes (Charikar 2002, the sign-random-projection
 * baseline of the hashing literature): {@code sign((x − μ) W)} with μ the training features'
 * mean and W an F×K matrix of independent standard normal entries drawn from the run's seed.
 */
public final class Lsh implements ShallowHasher {

  @Override
  public Fit fit(DMatrixRMaj features, int bits, long seed) {
    if (features.numRows < 1) {
      throw new IllegalArgumentException("lsh: no training features to centre");
    }
    return new Fit(new LinearHash(LinearHash.columnMeans(features),
        gaussian(features.numCols, bits, seed)), List.of());
  }

  /** The F×K projection: standard normal entries from {@code new Random(seed)}, row by row. */
  static DMatrixRMaj gaussian(int width, int bits, long seed) {
    return RandomMatrices_DDRM.rectangleGaussian(width, bits, 0, 1, new Random(seed));
  }
}
