package io.dpfah.eval;

import io.dpfah.data.Labels;
import io.dpfah.results.RunMetrics;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How a set of sign codes uses its K bits, the figures of {@code metrics.json}'s {@code
 * diagnostics} ({@link RunMetrics.Diagnostics}).
 *
 * <ul>
 *   <li>{@code bit_balance}: per bit b, p_b = the fraction of database codes whose bit b is +1.
 *   <li>{@code bit_entropy}: per bit, H(p_b) = -p log2 p - (1-p) log2 (1-p), 0 for a constant bit,
 *       1 for a balanced one.
 *   <li>{@code mean_abs_bit_correlation}: the mean over pairs of distinct bits i &lt; j of
 *       |r_ij|, the Pearson correlation of the two ±1 bits over the database codes; pairs with a
 *       constant bit (no variance) are left out, NaN when no pair is left (K = 1 or at most one
 *       varying bit).
 *   <li>{@code buckets}: a bucket is the set of database items with one code; {@code distinct}
 *       buckets, the {@code largest} one's size, and {@code query_bucket_share} = the mean over
 *       queries of |bucket of the query's code| / database size (0 for a query whose code no
 *       database item has).
 *   <li>{@code hamming_histogram}: every query–database pair counted at its Hamming distance
 *       d = 0..K, as {@code similar} when the two share a label (the evaluator's relevance, single-
 *       or multi-label) and {@code dissimilar} otherwise; both lists sum to queries × database.
 * </ul>
 *
 * <p>Bit statistics use per-bit columns of the database packed into words, so the K(K-1)/2
 * correlations cost one XOR and bit count per 64 items; the histogram is one pass over the
 * pairs, spread over queries in parallel (integer counts, so the result does not depend on the
 * thread count).
 */
public final class CodeDiagnostics {
  private CodeDiagnostics() {}

  /**
   * The diagnostics of query codes against database codes.
   *
   * @throws IllegalArgumentException as {@link RetrievalEvaluator#evaluate} when sizes, code
   *     lengths or label kinds do not fit together or the database is empty
   */
  public static RunMetrics.Diagnostics of(
      HashCodes query, Labels queryLabels, HashCodes db, Labels dbLabels) {
    RetrievalEvaluator.check(query, queryLabels, db, dbLabels);
    int bits = db.bits();
    int n = db.size();
    long[][] columns = columns(db);
    long[] ones = new long[bits];
    List<Double> balance = new ArrayList<>();
    List<Double> entropy = new ArrayList<>();
    for (int b = 0; b < bits; b++) {
      for (long w : columns[b]) {
        ones[b] += Long.bitCount(w);
      }
      double p = (double) ones[b] / n;
      balance.add(p);
      entropy.add(entropy(p));
    }
    return new RunMetrics.Diagnostics(balance, entropy, meanAbsCorrelation(columns, ones, n),
        buckets(query, db), histogram(query, queryLabels, db, dbLabels));
  }

  /**
   * One line: balance range, mean entropy, mean |correlation|, buckets and mean distances of
   * similar and dissimilar pairs.
   */
  public static String summary(RunMetrics.Diagnostics d) {
    RunMetrics.HammingHistogram h = d.hammingHistogram();
    return String.format(Locale.ROOT, "bit balance %.3f..%.3f, mean bit entropy %.3f, mean"
        + " |bit correlation| %.3f, %d distinct database codes (largest bucket %d items), query"
        + " bucket share %.4f, mean Hamming distance similar %.2f / dissimilar %.2f",
        d.minBalance(), d.maxBalance(), d.meanEntropy(), d.meanAbsBitCorrelation(),
        d.buckets().distinct(), d.buckets().largest(), d.buckets().queryBucketShare(),
        h.meanDistance(true), h.meanDistance(false));
  }

  /** Binary entropy in bits of a probability. */
  static double entropy(double p) {
    if (p <= 0 || p >= 1) {
      return 0;
    }
    return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
  }

  /** Bit b of every item as a bit set: item i at bit {@code i & 63} of word {@code i >>> 6}. */
  private static long[][] columns(HashCodes codes) {
    int words = (codes.size() + 63) >>> 6;
    long[][] cols = new long[codes.bits()][words];
    for (int i = 0; i < codes.size(); i++) {
      for (int b = 0; b < codes.bits(); b++) {
        if ((codes.word(i, b >>> 6) & (1L << (b & 63))) != 0) {
          cols[b][i >>> 6] |= 1L << (i & 63);
        }
      }
    }
    return cols;
  }

  private static Double meanAbsCorrelation(long[][] cols, long[] ones, int n) {
    int bits = cols.length;
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < bits; i++) {
      double mi = 2.0 * ones[i] / n - 1;
      double vi = 1 - mi * mi;
      if (vi <= 0) {
        continue;
      }
      for (int j = i + 1; j < bits; j++) {
        double mj = 2.0 * ones[j] / n - 1;
        double vj = 1 - mj * mj;
        if (vj <= 0) {
          continue;
        }
        long differ = 0;
        for (int w = 0; w < cols[i].length; w++) {
          differ += Long.bitCount(cols[i][w] ^ cols[j][w]);
        }
        double product = (double) (n - 2 * differ) / n;
        sum += Math.abs((product - mi * mj) / Math.sqrt(vi * vj));
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : sum / pairs;
  }

  private static RunMetrics.Buckets buckets(HashCodes query, HashCodes db) {
    Map<LongBuffer, Integer> sizes = new HashMap<>();
    int largest = 0;
    for (int i = 0; i < db.size(); i++) {
      largest = Math.max(largest, sizes.merge(code(db, i), 1, Integer::sum));
    }
    double share = 0;
    for (int q = 0; q < query.size(); q++) {
      share += (double) sizes.getOrDefault(code(query, q), 0) / db.size();
    }
    return new RunMetrics.Buckets(sizes.size(), largest, share / query.size());
  }

  private static LongBuffer code(HashCodes codes, int i) {
    long[] w = new long[codes.words()];
    for (int k = 0; k < w.length; k++) {
      w[k] = codes.word(i, k);
    }
    return LongBuffer.wrap(w);
  }

  private static RunMetrics.HammingHistogram histogram(
      HashCodes query, Labels ql, HashCodes db, Labels dl) {
    int buckets = db.bits() + 1;
    long[] counts = IntStream.range(0, query.size()).parallel().collect(
        () -> new long[2 * buckets],
        (acc, q) -> {
          for (int j = 0; j < db.size(); j++) {
            int d = query.distance(q, db, j);
            acc[ql.relevant(q, dl, j) ? d : buckets + d]++;
          }
        },
        (a, b) -> {
          for (int k = 0; k < a.length; k++) {
            a[k] += b[k];
          }
        });
    List<Long> similar = new ArrayList<>();
    List<Long> dissimilar = new ArrayList<>();
    for (int d = 0; d < buckets; d++) {
      similar.add(counts[d]);
      dissimilar.add(counts[buckets + d]);
    }
    return new RunMetrics.HammingHistogram(similar, dissimilar);
  }
}
