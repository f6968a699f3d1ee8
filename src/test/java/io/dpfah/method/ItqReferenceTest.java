package io.dpfah.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.eval.Npy;
import io.dpfah.eval.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ITQ against the NumPy reference case of {@code src/test/resources/fixtures/shallow}
 * ({@code make_itq_fixture.py}: LAPACK's eigh and SVD, the authors' algorithm step for step): the
 * same principal components, rotation, codes and objective from the stored initial rotation.
 */
class ItqReferenceTest {
  private static final Path CASE = Path.of("src/test/resources/fixtures/shallow/itq-n60-f8-k4");
  private static final double TOL = 1e-9;

  private static int bits;
  private static int iterations;
  private static DMatrixRMaj x;

  @BeforeAll
  static void load() throws IOException {
    JsonNode c = new ObjectMapper().readTree(CASE.resolve("case.json").toFile());
    bits = c.get("bits").asInt();
    iterations = c.get("iterations").asInt();
    x = matrix("x");
  }

  @Test
  void principalComponentsAndProjectedDataMatch() {
    double[] mean = LinearHash.columnMeans(x);
    assertArrayEquals(matrix("mean").data, mean, TOL);
    DMatrixRMaj w = Itq.principalComponents(LinearHash.centred(x, mean), bits);
    assertMatrix(matrix("w"), w, TOL, "principal components");
  }

  @Test
  void rotationCodesAndObjectiveMatchFromTheStoredStart() {
    Itq.Rotation r = Itq.rotate(matrix("v"), matrix("r0"), iterations);
    assertMatrix(matrix("r"), r.rotation(), 1e-8, "R");
    assertArrayEquals(matrix("b").data, r.codes().data, 0.0, "B");
    double[] expected = matrix("objective").data;
    assertEquals(iterations, expected.length);
    for (int t = 0; t < iterations; t++) {
      assertEquals(expected[t], r.objective()[t], 1e-9 * expected[t], "‖B − VR‖² at " + (t + 1));
    }
  }

  @Test
  void wholeFitGivesTheReferenceHashAndCodes() {
    ShallowHasher.Fit fit = new Itq(iterations).fit(x, bits, matrix("r0"));
    assertMatrix(matrix("projection"), fit.hash().projection(), 1e-8, "W·R");
    assertArrayEquals(matrix("mean").data, fit.hash().mean(), TOL);
    double[] objective = matrix("objective").data;
    assertEquals(objective[iterations - 1] / x.numRows,
        fit.objective().get(iterations - 1), 1e-9, "objective per image");
    float[] xs = new float[x.data.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) x.data[i];
    }
    float[] z = fit.hash().project(xs, x.numRows);
    double[] codes = matrix("codes").data;
    for (int i = 0; i < z.length; i++) {
      assertEquals(codes[i], z[i] >= 0 ? 1.0 : -1.0, "code entry " + i);
    }
  }

  private static DMatrixRMaj matrix(String name) {
    NpyArray a = Npy.read(CASE.resolve(name + ".npy"));
    int rows = a.ndim() == 2 ? a.dim(0) : 1;
    int cols = a.ndim() == 2 ? a.dim(1) : a.dim(0);
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < a.length(); i++) {
      m.data[i] = a.getDouble(i);
    }
    return m;
  }

  private static void assertMatrix(DMatrixRMaj expected, DMatrixRMaj actual, double tol,
      String what) {
    assertEquals(expected.numRows, actual.numRows, what + " rows");
    assertEquals(expected.numCols, actual.numCols, what + " columns");
    assertArrayEquals(expected.data, actual.data, tol, what);
  }
}
