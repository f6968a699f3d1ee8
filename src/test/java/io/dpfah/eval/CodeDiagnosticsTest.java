package io.dpfah.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.data.Labels;
import io.dpfah.results.RunMetrics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Code diagnostics against values worked out by hand and against a naive reference. */
class CodeDiagnosticsTest {

  private static HashCodes codes(int bits, int... pm1) {
    byte[] b = new byte[pm1.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) pm1[i];
    }
    return HashCodes.fromSigns(b, pm1.length / bits, bits);
  }

  /**
   * Database +++, ++-, +--, +++ with classes 0 0 1 1; queries +++ (class 0) and --- (class 1).
   * Bit 0 is always +1 (balance 1, entropy 0, left out of the correlation); bit 1 is +1 3 times in
   * 4 (H(3/4) = 0.8113); bit 2 twice (entropy 1). Bits 1 and 2: means 1/2 and 0, E[x1 x2] = 1/2,
   * r = (1/2 - 0) / sqrt(3/4 · 1) = 1/√3. Buckets {+++: 2, ++-: 1, +--: 1}; the first query's
   * bucket holds 2 of 4, the second's none: share (1/2 + 0) / 2. Distances q0: 0 1 2 0 (similar,
   * similar, dissimilar, dissimilar), q1: 3 2 1 3 (dis, dis, sim, sim).
   */
  @Test
  void fourCodesOfThreeBitsByHand() {
    HashCodes db = codes(3, 1, 1, 1, 1, 1, -1, 1, -1, -1, 1, 1, 1);
    HashCodes q = codes(3, 1, 1, 1, -1, -1, -1);
    RunMetrics.Diagnostics d = CodeDiagnostics.of(q, Labels.ofClassIds(new int[] {0, 1}, 2), db,
        Labels.ofClassIds(new int[] {0, 0, 1, 1}, 2));
    assertEquals(List.of(1.0, 0.75, 0.5), d.bitBalance());
    double h34 = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
    assertEquals(0.0, d.bitEntropy().get(0));
    assertEquals(0.8112781244591328, d.bitEntropy().get(1), 1e-15);
    assertEquals(h34, d.bitEntropy().get(1), 1e-15);
    assertEquals(1.0, d.bitEntropy().get(2), 1e-15);
    assertEquals(1 / Math.sqrt(3), d.meanAbsBitCorrelation(), 1e-15);
    assertEquals(new RunMetrics.Buckets(3, 2, 0.25), d.buckets());
    assertEquals(List.of(1L, 2L, 0L, 1L), d.hammingHistogram().similar());
    assertEquals(List.of(1L, 0L, 2L, 1L), d.hammingHistogram().dissimilar());
  }

  /**
   * Multi-label: similar = at least one shared label. Query +-+ with labels {0,1}; database
   * +-+ {1}, +-- {2}, -++ {0,2}, -+- {} at distances 0, 1, 2, 3: similar at 0 and 2, dissimilar
   * at 1 and 3. Bit 0 (+ + - -) is the negation of bit 1 (|r| = 1); bit 2 (+ - + -) is
   * uncorrelated with both, so the mean |r| is 1/3.
   */
  @Test
  void multiLabelRelevanceAndPerfectlyAntiCorrelatedBits() {
    HashCodes q = codes(3, 1, -1, 1);
    HashCodes db = codes(3, 1, -1, 1, 1, -1, -1, -1, 1, 1, -1, 1, -1);
    Labels ql = Labels.ofMultiHot(new byte[][] {{1, 1, 0}});
    Labels dl = Labels.ofMultiHot(new byte[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {0, 0, 0}});
    RunMetrics.Diagnostics d = CodeDiagnostics.of(q, ql, db, dl);
    assertEquals(List.of(1L, 0L, 1L, 0L), d.hammingHistogram().similar());
    assertEquals(List.of(0L, 1L, 0L, 1L), d.hammingHistogram().dissimilar());
    assertEquals(List.of(0.5, 0.5, 0.5), d.bitBalance());
    assertEquals(1 / 3.0, d.meanAbsBitCorrelation(), 1e-15);
    assertEquals(new RunMetrics.Buckets(4, 1, 0.25), d.buckets());
  }

  @Test
  void constantCodesHaveNoCorrelationAndOneBucket() {
    HashCodes db = codes(2, 1, 1, 1, 1, 1, 1);
    RunMetrics.Diagnostics d = CodeDiagnostics.of(codes(2, 1, 1), Labels.ofClassIds(new int[] {0},
        1), db, Labels.ofClassIds(new int[] {0, 0, 0}, 1));
    assertTrue(Double.isNaN(d.meanAbsBitCorrelation()), "no pair of varying bits");
    assertEquals(List.of(0.0, 0.0), d.bitEntropy());
    assertEquals(new RunMetrics.Buckets(1, 3, 1.0), d.buckets());
    assertEquals(List.of(3L, 0L, 0L), d.hammingHistogram().similar());
  }

  /** 300 random 70-bit codes (two code words, five column words): a naive computation agrees. */
  @Test
  void agreesWithNaiveComputationAcrossWordBoundaries() {
    int bits = 70;
    int n = 300;
    int nq = 17;
    SplittableRandom rnd = new SplittableRandom(3);
    byte[] dbSigns = new byte[n * bits];
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < bits; b++) {
        // bias bits differently and copy bit 0 into bit 69 for item-level correlation
        dbSigns[i * bits + b] = (byte) (rnd.nextDouble() < 0.2 + 0.6 * b / bits ? 1 : -1);
      }
      dbSigns[i * bits + 69] = dbSigns[i * bits];
      if (i % 50 == 0) {
        System.arraycopy(dbSigns, 0, dbSigns, i * bits, bits);
      }
    }
    byte[] qSigns = new byte[nq * bits];
    for (int i = 0; i < nq; i++) {
      System.arraycopy(dbSigns, (i * 7) * bits, qSigns, i * bits, bits);
      qSigns[i * bits + 5] *= (byte) (i % 2 == 0 ? 1 : -1);
    }
    int[] dbIds = rnd.ints(n, 0, 4).toArray();
    int[] qIds = rnd.ints(nq, 0, 4).toArray();
    HashCodes db = HashCodes.fromSigns(dbSigns, n, bits);
    HashCodes q = HashCodes.fromSigns(qSigns, nq, bits);
    RunMetrics.Diagnostics d = CodeDiagnostics.of(q, Labels.ofClassIds(qIds, 4), db,
        Labels.ofClassIds(dbIds, 4));

    double corr = 0;
    int pairs = 0;
    for (int i = 0; i < bits; i++) {
      double pi = share(dbSigns, n, bits, i);
      assertEquals(pi, d.bitBalance().get(i), 1e-12, "balance of bit " + i);
      for (int j = i + 1; j < bits; j++) {
        corr += Math.abs(pearson(dbSigns, n, bits, i, j));
        pairs++;
      }
    }
    assertEquals(corr / pairs, d.meanAbsBitCorrelation(), 1e-12);
    assertEquals(1.0, Math.abs(pearson(dbSigns, n, bits, 0, 69)), 1e-12);

    long[] sim = new long[bits + 1];
    long[] dis = new long[bits + 1];
    double share = 0;
    for (int a = 0; a < nq; a++) {
      int same = 0;
      for (int b = 0; b < n; b++) {
        int dist = 0;
        for (int k = 0; k < bits; k++) {
          dist += qSigns[a * bits + k] != dbSigns[b * bits + k] ? 1 : 0;
        }
        same += dist == 0 ? 1 : 0;
        if (qIds[a] == dbIds[b]) {
          sim[dist]++;
        } else {
          dis[dist]++;
        }
      }
      share += (double) same / n;
    }
    assertEquals(java.util.Arrays.stream(sim).boxed().toList(), d.hammingHistogram().similar());
    assertEquals(java.util.Arrays.stream(dis).boxed().toList(), d.hammingHistogram().dissimilar());
    assertEquals(share / nq, d.buckets().queryBucketShare(), 1e-12);
    // items 0, 50, ..., 250 share item 0's code: a bucket of 6
    assertEquals(6, d.buckets().largest());
    assertEquals(n - 5, d.buckets().distinct());
  }

  @Test
  void mismatchedInputsAreRejected() {
    HashCodes q = codes(3, 1, 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CodeDiagnostics.of(q, Labels.ofClassIds(new int[] {0}, 1), codes(2, 1, 1),
            Labels.ofClassIds(new int[] {0}, 1)));
    assertTrue(e.getMessage().contains("expected the same K"), e.getMessage());
  }

  private static double share(byte[] s, int n, int bits, int b) {
    int ones = 0;
    for (int i = 0; i < n; i++) {
      ones += s[i * bits + b] == 1 ? 1 : 0;
    }
    return (double) ones / n;
  }

  /** Textbook Pearson correlation of two columns of ±1 values. */
  private static double pearson(byte[] s, int n, int bits, int a, int b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += s[i * bits + a];
      mb += s[i * bits + b];
    }
    ma /= n;
    mb /= n;
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < n; i++) {
      double x = s[i * bits + a] - ma;
      double y = s[i * bits + b] - mb;
      cov += x * y;
      va += x * x;
      vb += y * y;
    }
    return cov / Math.sqrt(va * vb);
  }
}
