package io.dpfah.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Class centres of the centre-based methods, drawn as their references draw them. */
final class Centers {
  private Centers() {}

  /**
   * CSQ's Algorithm 1: the first C rows of [H; −H] for the K×K Sylvester Hadamard matrix H; when
   * C &gt; 2K the remaining rows are random ±1 vectors with K/2 entries −1 (up to 20 draws,
   * keeping the first whose minimum pairwise distance exceeds K/4 and mean reaches K/2).
   */
  static float[] hadamard(int classes, int bits, Random random) {
    if (Integer.bitCount(bits) != 1) {
      throw new IllegalArgumentException("CSQ's Hadamard centres need a power-of-two code length,"
          + " got " + bits + " bits");
    }
    float[][] h = {{1f}};
    while (h.length < bits) {
      int m = h.length;
      float[][] next = new float[2 * m][2 * m];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          next[i][j] = h[i][j];
          next[i][j + m] = h[i][j];
          next[i + m][j] = h[i][j];
          next[i + m][j + m] = -h[i][j];
        }
      }
      h = next;
    }
    float[] c = new float[classes * bits];
    for (int r = 0; r < Math.min(classes, 2 * bits); r++) {
      for (int j = 0; j < bits; j++) {
        c[r * bits + j] = r < bits ? h[r][j] : -h[r - bits][j];
      }
    }
    if (classes > 2 * bits) {
      for (int attempt = 0; attempt < 20; attempt++) {
        for (int r = 2 * bits; r < classes; r++) {
          randomRow(c, r, bits, bits / 2, random);
        }
        double min = Double.MAX_VALUE;
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < classes; i++) {
          for (int j = i + 1; j < classes; j++) {
            int dist = 0;
            for (int k = 0; k < bits; k++) {
              dist += c[i * bits + k] != c[j * bits + k] ? 1 : 0;
            }
            min = Math.min(min, dist);
            sum += dist;
            pairs++;
          }
        }
        if (min > bits / 4.0 && sum / pairs >= bits / 2.0) {
          break;
        }
      }
    }
    return c;
  }

  /** DPN's random target vectors: per class, ±1 with ⌊K·p⌋ entries −1. */
  static float[] random(int classes, int bits, double p, Random random) {
    float[] c = new float[classes * bits];
    for (int r = 0; r < classes; r++) {
      randomRow(c, r, bits, (int) (bits * p), random);
    }
    return c;
  }

  /**
   * OrthoHash's codebook as cisip-FIRe draws it ({@code cent_init: M}: {@code get_centroid},
   * then sign): random ±1 rows, each kept only when its normalised Hamming distance to every
   * earlier row is at least d; d starts at 0.61 and drops by 0.01 after every 10,000 rejections
   * (below 0.2 the code length is too short for C classes: an error); the rows are then shuffled.
   */
  static float[] separated(int classes, int bits, Random random) {
    float[] c = new float[classes * bits];
    double dist = 0.61;
    int rejected = 0;
    int i = 0;
    while (i < classes) {
      for (int j = 0; j < bits; j++) {
        c[i * bits + j] = random.nextBoolean() ? 1f : -1f;
      }
      boolean far = true;
      for (int r = 0; r < i && far; r++) {
        int dot = 0;
        for (int j = 0; j < bits; j++) {
          dot += (int) (c[i * bits + j] * c[r * bits + j]);
        }
        far = 0.5 * (bits - dot) / bits >= dist;
      }
      if (far) {
        i++;
      } else if (++rejected >= 10_000) {
        rejected = 0;
        dist -= 0.01;
        if (dist < 0.2) {
          throw new IllegalArgumentException("OrthoHash's codebook: no " + classes + " codes of "
              + bits + " bits at a normalised Hamming distance of at least 0.2 from each other;"
              + " use more bits");
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int r = 0; r < classes; r++) {
      order.add(r);
    }
    Collections.shuffle(order, random);
    float[] shuffled = new float[c.length];
    for (int r = 0; r < classes; r++) {
      System.arraycopy(c, order.get(r) * bits, shuffled, r * bits, bits);
    }
    return shuffled;
  }

  private static void randomRow(float[] c, int row, int bits, int negatives, Random random) {
    List<Integer> idx = new ArrayList<>();
    for (int j = 0; j < bits; j++) {
      idx.add(j);
      c[row * bits + j] = 1f;
    }
    Collections.shuffle(idx, random);
    for (int j = 0; j < negatives; j++) {
      c[row * bits + idx.get(j)] = -1f;
    }
  }

  /** The multi-label fallback bits: K values in {0, 1}. */
  static float[] randomBits(int bits, Random random) {
    float[] r = new float[bits];
    for (int j = 0; j < bits; j++) {
      r[j] = random.nextInt(2);
    }
    return r;
  }

  /**
   * The reference's {@code label2center}, on the device: single-label, the centre of each row's
   * first largest label; multi-label, the sign of the sum of its labels' centres, a zero sum
   * replaced by the random bit (1: +1, 0: −1).
   *
   * @param y labels (n, C)
   * @param centers class centres (C, K)
   * @param randomBits (1, K) of 0/1
   * @return (n, K) owned by {@code nd}
   */
  static NDArray assign(NDManager nd, NDArray y, NDArray centers, boolean multiLabel,
      NDArray randomBits) {
    if (!multiLabel) {
      return centers.get(nd, new NDIndex("{}", y.argMax(1)));
    }
    NDArray sum = y.matMul(centers);
    NDArray positive = sum.gt(0).logicalOr(sum.eq(0).logicalAnd(randomBits.gt(0)));
    return Ops.plus(Ops.times(positive.toType(DataType.FLOAT32, false), 2), -1);
  }
}
