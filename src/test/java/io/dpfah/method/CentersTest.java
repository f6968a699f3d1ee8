package io.dpfah.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Class centres as CSQ and DPN draw them, and the label-to-centre map. */
class CentersTest {
  @Test
  void hadamardRowsOfHAndMinusH() {
    float[] c = Centers.hadamard(10, 8, new Random(1));
    for (int i = 0; i < 10; i++) {
      for (int j = i + 1; j < 10; j++) {
        int dot = 0;
        for (int k = 0; k < 8; k++) {
          dot += (int) (c[i * 8 + k] * c[j * 8 + k]);
        }
        assertEquals(j == i + 8 ? -8 : 0, dot, i + "," + j);
      }
    }
    assertArrayEquals(new float[] {1, -1, 1, -1, 1, -1, 1, -1}, java.util.Arrays.copyOfRange(c, 8,
        16));
    assertThrows(IllegalArgumentException.class, () -> Centers.hadamard(4, 48, new Random(1)));
  }

  @Test
  void randomTargetsHaveTheirShareOfMinusOnes() {
    float[] t = Centers.random(3, 16, 0.5, new Random(2));
    for (int r = 0; r < 3; r++) {
      int neg = 0;
      for (int j = 0; j < 16; j++) {
        neg += t[r * 16 + j] < 0 ? 1 : 0;
      }
      assertEquals(8, neg);
    }
  }

  private static float[] assign(float[] y, float[] centers, boolean multiLabel) {
    try (NDManager nd = Engine.getEngine("PyTorch").newBaseManager()) {
      return Centers.assign(nd, nd.create(y, new Shape(2, 3)), nd.create(centers, new Shape(3, 2)),
          multiLabel, nd.create(new float[] {0, 1}, new Shape(1, 2))).toFloatArray();
    }
  }

  @Test
  void multiLabelCentreIsTheSignOfTheSumWithRandomTies() {
    float[] centers = {1, 1, -1, 1, -1, -1};
    float[] y = {1, 1, 0, 0, 1, 0};
    assertArrayEquals(new float[] {-1, 1, -1, 1}, assign(y, centers, true));
  }

  @Test
  void singleLabelCentreIsTheFirstLargestLabels() {
    float[] centers = {1, 1, -1, 1, -1, -1};
    float[] y = {0, 0, 1, 1, 1, 0};
    assertArrayEquals(new float[] {-1, -1, 1, 1}, assign(y, centers, false));
  }

  @Test
  void separatedCodebookKeepsItsDistance() {
    assertTrue(minDistance(Centers.separated(2, 64, new Random(3)), 2, 64) >= 0.61 * 64,
        "a second code at the first distance is found within 10,000 draws");
    assertTrue(minDistance(Centers.separated(10, 16, new Random(3)), 10, 16) >= 1,
        "10 codes of 16 bits only once the distance is lowered: still distinct");
    assertThrows(IllegalArgumentException.class, () -> Centers.separated(40, 4, new Random(3)));
  }

  private static int minDistance(float[] c, int classes, int bits) {
    int min = bits;
    for (int i = 0; i < classes; i++) {
      for (int j = i + 1; j < classes; j++) {
        int d = 0;
        for (int k = 0; k < bits; k++) {
          assertEquals(1f, Math.abs(c[i * bits + k]));
          d += c[i * bits + k] != c[j * bits + k] ? 1 : 0;
        }
        min = Math.min(min, d);
      }
    }
    return min;
  }
}
