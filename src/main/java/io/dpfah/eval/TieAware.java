package io.dpfah.eval;

/**
 * Closed-form expected average precision at a cut-off K when items at equal Hamming distance are
 * ordered uniformly at random (McSherry &amp; Najork 2008, extended to a truncated ranking).
 *
 * <p>Definition. Let the ranking be sorted by distance with each tie group in a uniformly random
 * order. {@code AP@K = (1/R_K) * sum over relevant items at rank i <= K of (relevant items in
 * ranks 1..i) / i}, where R_K is the number of relevant items in the top K, and AP@K = 0 if
 * R_K = 0 (DeepHash-pytorch's {@code CalcTopMap}). We compute {@code E[AP@K]}, the expectation of
 * that ratio over the random tie orders, i.e. exactly the limit of the Monte Carlo average.
 *
 * <p>Derivation. Groups wholly inside the top K contribute to the numerator only (their relevant
 * items are always counted in R_K). For a group of n items with r relevant, preceded by s items
 * of which c are relevant, position i of the group is relevant with probability r/n and, given
 * that, holds on average (i-1)(r-1)/(n-1) other relevant items before it, so its expected
 * numerator share is {@code sum_i (r/n)(c + 1 + (i-1)(r-1)/(n-1)) / (s+i)}. The group that the cut
 * crosses (n items, r relevant, its first m = K - s taken) contributes a random number X of
 * relevant items, hypergeometric(n, r, m). Given X = x, its taken part behaves like a group of m
 * items with x relevant, and the earlier groups are independent of X, so
 * {@code E[AP@K] = sum_x P(X=x) * (E[earlier numerator] + E[cut-group numerator | x]) / (c + x)},
 * with the x for which c + x = 0 contributing 0. Without ties, or when K covers whole groups,
 * X is fixed and this reduces to the stable AP. The sums over positions use harmonic-number
 * differences, so the cost is O(K + 1) per query plus O(min(r, m)) for the crossed group.
 */
final class TieAware {
  private TieAware() {}

  /** Below this, sums over positions are done term by term (best accuracy). */
  private static final int DIRECT = 64;

  /**
   * Expected AP@k of one query.
   *
   * @param cnt items per distance 0..buckets-1
   * @param rel relevant items per distance
   * @param buckets K + 1
   * @param k effective cut-off, 1..database size
   * @param weights scratch of length &gt;= min(k, max relevant) + 1
   */
  static double expectedAp(int[] cnt, int[] rel, int buckets, int k, double[] weights) {
    long s = 0;
    long c = 0;
    double before = 0;
    for (int d = 0; d < buckets; d++) {
      int n = cnt[d];
      if (n == 0) {
        continue;
      }
      int r = rel[d];
      if (s + n < k) {
        before += groupNumerator(s, c, n, r);
        s += n;
        c += r;
        continue;
      }
      int m = (int) (k - s);
      double[] ab = sums(s, m);
      int lo = Math.max(0, m - (n - r));
      int hi = Math.min(r, m);
      if (lo == hi) {
        return lo + c == 0 ? 0 : (before + cutNumerator(c, m, lo, ab)) / (c + lo);
      }
      hypergeometric(n, r, m, lo, hi, weights);
      double sum = 0;
      for (int x = lo; x <= hi; x++) {
        if (c + x > 0) {
          sum += weights[x - lo] * (before + cutNumerator(c, m, x, ab)) / (c + x);
        }
      }
      return sum;
    }
    throw new IllegalArgumentException("cut-off " + k + " exceeds the " + s + " ranked items");
  }

  /** Expected numerator share of a whole tie group (see class comment). */
  static double groupNumerator(long s, long c, int n, int r) {
    if (r == 0) {
      return 0;
    }
    double[] ab = sums(s, n);
    double within = n > 1 ? (double) (r - 1) / (n - 1) * ab[1] : 0;
    return (double) r / n * ((c + 1) * ab[0] + within);
  }

  private static double cutNumerator(long c, int m, int x, double[] ab) {
    if (x == 0) {
      return 0;
    }
    double within = m > 1 ? (double) (x - 1) / (m - 1) * ab[1] : 0;
    return (double) x / m * ((c + 1) * ab[0] + within);
  }

  /** {A, B} = {sum_{i=1..n} 1/(s+i), sum_{i=1..n} (i-1)/(s+i)}. */
  static double[] sums(long s, int n) {
    if (n <= DIRECT) {
      double a = 0;
      double b = 0;
      for (int i = 1; i <= n; i++) {
        double inv = 1.0 / (s + i);
        a += inv;
        b += (i - 1) * inv;
      }
      return new double[] {a, b};
    }
    double a = harmonicDiff(s, n);
    return new double[] {a, n - (s + 1) * a};
  }

  /** H(s+n) - H(s) = psi(s+n+1) - psi(s+1), accurate also when n is much smaller than s. */
  static double harmonicDiff(long s, long n) {
    double a = 0;
    while (n > 0 && s + 1 < DIRECT) {
      a += 1.0 / (s + 1);
      s++;
      n--;
    }
    if (n == 0) {
      return a;
    }
    double x1 = s + 1;
    double x2 = s + 1 + n;
    return a + Math.log1p(n / x1) - (0.5 / x2 - 0.5 / x1) - (tail(x2) - tail(x1));
  }

  /** psi(x) = ln x - 1/(2x) - tail(x); asymptotic series, error below 1e-17 for x >= 64. */
  private static double tail(double x) {
    double i2 = 1.0 / (x * x);
    return i2 * (1.0 / 12 - i2 * (1.0 / 120 - i2 * (1.0 / 252 - i2 / 240)));
  }

  /** Hypergeometric pmf P(X = x), x in [lo, hi], into weights[x - lo]; computed from the mode. */
  static void hypergeometric(int n, int r, int m, int lo, int hi, double[] weights) {
    int mode = (int) Math.min(hi, Math.max(lo, ((long) (m + 1) * (r + 1)) / (n + 2)));
    weights[mode - lo] = 1;
    for (int x = mode; x < hi; x++) {
      weights[x + 1 - lo] = weights[x - lo] * ((double) (r - x) * (m - x))
          / ((double) (x + 1) * ((long) n - r - m + x + 1));
    }
    for (int x = mode; x > lo; x--) {
      weights[x - 1 - lo] = weights[x - lo] * ((double) x * ((long) n - r - m + x))
          / ((double) (r - x + 1) * (m - x + 1));
    }
    double total = 0;
    for (int x = lo; x <= hi; x++) {
      total += weights[x - lo];
    }
    for (int x = lo; x <= hi; x++) {
      weights[x - lo] /= total;
    }
  }
}
