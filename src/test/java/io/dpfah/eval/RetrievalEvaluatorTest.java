package io.dpfah.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.data.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-computed examples, exhaustive and Monte Carlo checks of the tie-aware mAP. */
class RetrievalEvaluatorTest {

  /** Codes of n items from their integer bit patterns (bit b of v = bit b of the code). */
  static HashCodes codes(int bits, long... values) {
    return HashCodes.fromPacked(values, values.length, bits);
  }

  static RetrievalMetrics eval(HashCodes q, Labels ql, HashCodes db, Labels dl, List<Integer> topK, List<Integer> pn) {
    return RetrievalEvaluator.evaluate(q, ql, db, dl, new EvalOptions(topK, pn, 1));
  }

  /**
   * One query (code 0000, class 0) and five items:
   *
   * <pre>
   * item  code  distance  class  relevant
   *   0   0001     1        0      yes
   *   1   0000     0        1      no
   *   2   0011     2        0      yes
   *   3   0010     1        2      no
   *   4   0111     3        0      yes
   * </pre>
   *
   * Stable ranking (distance, then index): 1 0 3 2 4, relevant at ranks 2, 4, 5.
   * AP@all = (1/2 + 2/4 + 3/5) / 3 = 1.6/3. AP@3 = (1/2)/1. AP@2 = (1/2)/1. AP@1 = 0.
   * Tie-aware: the tie {0, 3} at distance 1 puts item 0 at rank 2 or 3 with probability 1/2 each,
   * so E[AP@all] = ((1/2 + 1/3)/2 + 2/4 + 3/5)/3 and E[AP@2] = 1/2 * (1/2)/1 + 1/2 * 0 = 1/4;
   * AP@3 covers the whole tie so E[AP@3] = ((1/2 + 1/3)/2)/1.
   * P@1 = 0, P@3 = 1/3. Within radius 2: 4 items, 2 relevant, so p_r2 = 1/2.
   * PR: precision r=0..4 = 0/1, 1/3, 2/4, 3/5, 3/5; recall = 0, 1/3, 2/3, 1, 1.
   */
  @Test
  void handComputedExample() {
    HashCodes q = codes(4, 0b0000);
    HashCodes db = codes(4, 0b0001, 0b0000, 0b0011, 0b0010, 0b0111);
    Labels ql = Labels.ofClassIds(new int[] {0}, 3);
    Labels dl = Labels.ofClassIds(new int[] {0, 1, 0, 2, 0}, 3);
    RetrievalMetrics m = eval(q, ql, db, dl, List.of(-1, 3, 2, 1), List.of(1, 3));
    assertEquals(1.6 / 3, m.map().get(-1), 1e-15);
    assertEquals(0.5, m.map().get(3), 1e-15);
    assertEquals(0.5, m.map().get(2), 1e-15);
    assertEquals(0.0, m.map().get(1), 1e-15);
    assertEquals(((0.5 + 1.0 / 3) / 2 + 0.5 + 0.6) / 3, m.mapTieAware().get(-1), 1e-15);
    assertEquals((0.5 + 1.0 / 3) / 2, m.mapTieAware().get(3), 1e-15);
    assertEquals(0.25, m.mapTieAware().get(2), 1e-15);
    assertEquals(0.0, m.mapTieAware().get(1), 1e-15);
    assertEquals(0.0, m.mapHashnet().get(1), 1e-15, "no query has a hit in the top 1");
    assertEquals(0.5, m.mapHashnet().get(2), 1e-15);
    assertEquals(0.0, m.precisionAtN().get(1), 1e-15);
    assertEquals(1.0 / 3, m.precisionAtN().get(3), 1e-15);
    assertEquals(0.5, m.precisionRadius2(), 1e-15);
    double[] prec = {0, 1.0 / 3, 0.5, 0.6, 0.6};
    double[] rec = {0, 1.0 / 3, 2.0 / 3, 1, 1};
    for (int r = 0; r <= 4; r++) {
      assertEquals(prec[r], m.prPrecision().get(r), 1e-15, "precision r=" + r);
      assertEquals(rec[r], m.prRecall().get(r), 1e-15, "recall r=" + r);
    }
  }

  /** Reference AP@k of one ranking (DeepHash convention). */
  static double ap(boolean[] relevantInRankOrder, int k) {
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, relevantInRankOrder.length); i++) {
      if (relevantInRankOrder[i]) {
        hits++;
        sum += (double) hits / (i + 1);
      }
    }
    return hits == 0 ? 0 : sum / hits;
  }

  /** Ranks items by (distance, tie key) and returns relevance in rank order. */
  static boolean[] rank(int[] dist, boolean[] rel, int[] tieKey) {
    Integer[] idx = new Integer[dist.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> dist[a] != dist[b] ? Integer.compare(dist[a], dist[b])
        : Integer.compare(tieKey[a], tieKey[b]));
    boolean[] out = new boolean[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = rel[idx[i]];
    }
    return out;
  }

  /** Enumerates every permutation of 7 items: the mean AP@k over all of them is exactly E[AP@k]. */
  @Test
  void tieAwareEqualsExhaustiveAverageOverAllTieOrders() {
    Random rnd = new Random(5);
    int n = 7;
    List<int[]> perms = new ArrayList<>();
    permutations(new int[n], new boolean[n], 0, perms);
    for (int trial = 0; trial < 12; trial++) {
      int bits = 2 + trial % 3;
      long[] dbc = new long[n];
      int[] cls = new int[n];
      for (int j = 0; j < n; j++) {
        dbc[j] = rnd.nextInt(1 << bits);
        cls[j] = rnd.nextInt(3);
      }
      long qc = rnd.nextInt(1 << bits);
      int qcls = rnd.nextInt(3);
      int[] dist = new int[n];
      boolean[] rel = new boolean[n];
      for (int j = 0; j < n; j++) {
        dist[j] = Long.bitCount(qc ^ dbc[j]);
        rel[j] = cls[j] == qcls;
      }
      List<Integer> ks = List.of(-1, 1, 2, 3, 4, 5, 6, 7);
      RetrievalMetrics m = eval(codes(bits, qc), Labels.ofClassIds(new int[] {qcls}, 3),
          codes(bits, dbc), Labels.ofClassIds(cls, 3), ks, List.of());
      for (int k : ks) {
        double sum = 0;
        for (int[] p : perms) {
          sum += ap(rank(dist, rel, p), k == -1 ? n : k);
        }
        assertEquals(sum / perms.size(), m.mapTieAware().get(k), 1e-13, "trial " + trial + " k=" + k);
      }
    }
  }

  static void permutations(int[] cur, boolean[] used, int pos, List<int[]> out) {
    if (pos == cur.length) {
      out.add(cur.clone());
      return;
    }
    for (int v = 0; v < cur.length; v++) {
      if (!used[v]) {
        used[v] = true;
        cur[pos] = v;
        permutations(cur, used, pos + 1, out);
        used[v] = false;
      }
    }
  }

  /** Many queries, large tie groups, cut-offs inside groups: Monte Carlo mean within 5 standard errors. */
  @Test
  void tieAwareMatchesMonteCarloAverage() {
    Random rnd = new Random(11);
    int bits = 6;
    int nq = 12;
    int ndb = 400;
    long[] qc = new long[nq];
    long[] dbc = new long[ndb];
    int[] qcls = new int[nq];
    int[] dcls = new int[ndb];
    long[] centers = new long[4];
    for (int c = 0; c < 4; c++) {
      centers[c] = rnd.nextInt(1 << bits);
    }
    for (int i = 0; i < nq; i++) {
      qcls[i] = rnd.nextInt(4);
      qc[i] = centers[qcls[i]] ^ (rnd.nextInt(1 << bits) & rnd.nextInt(1 << bits) & rnd.nextInt(1 << bits));
    }
    for (int j = 0; j < ndb; j++) {
      dcls[j] = rnd.nextInt(4);
      dbc[j] = centers[dcls[j]] ^ (rnd.nextInt(1 << bits) & rnd.nextInt(1 << bits));
    }
    List<Integer> ks = List.of(-1, 7, 50, 123);
    RetrievalMetrics m = eval(codes(bits, qc), Labels.ofClassIds(qcls, 4), codes(bits, dbc),
        Labels.ofClassIds(dcls, 4), ks, List.of());
    int trials = 2000;
    double[] sum = new double[ks.size()];
    double[] sumSq = new double[ks.size()];
    long[] keys = new long[ndb];
    boolean[] ranked = new boolean[ndb];
    for (int t = 0; t < trials; t++) {
      double[] map = new double[ks.size()];
      for (int i = 0; i < nq; i++) {
        for (int j = 0; j < ndb; j++) {
          long dist = Long.bitCount(qc[i] ^ dbc[j]);
          keys[j] = dist << 52 | (long) rnd.nextInt(1 << 30) << 20 | j;
        }
        java.util.Arrays.sort(keys);
        for (int r = 0; r < ndb; r++) {
          ranked[r] = dcls[(int) (keys[r] & 0xFFFFF)] == qcls[i];
        }
        for (int x = 0; x < ks.size(); x++) {
          map[x] += ap(ranked, ks.get(x) == -1 ? ndb : ks.get(x)) / nq;
        }
      }
      for (int x = 0; x < ks.size(); x++) {
        sum[x] += map[x];
        sumSq[x] += map[x] * map[x];
      }
    }
    boolean discriminates = false;
    for (int x = 0; x < ks.size(); x++) {
      int k = ks.get(x);
      double mean = sum[x] / trials;
      double se = Math.sqrt(Math.max(0, sumSq[x] / trials - mean * mean) / trials);
      double exact = m.mapTieAware().get(k);
      assertTrue(se > 0, "the problem must have ties that change AP@" + k);
      assertEquals(mean, exact, 5 * se, "k=" + k + " MC mean " + mean + " se " + se);
      discriminates |= Math.abs(exact - m.map().get(k)) > 10 * se;
    }
    assertTrue(discriminates, "stable and tie-aware must differ measurably on this problem");
  }

  /** Every item at its own distance: no ties, so tie-aware equals stable at every cut-off. */
  @Test
  void noTiesMeansTieAwareEqualsStable() {
    Random rnd = new Random(3);
    int bits = 40;
    int ndb = bits + 1;
    for (int trial = 0; trial < 20; trial++) {
      long q = rnd.nextLong() & ((1L << bits) - 1);
      long[] db = new long[ndb];
      int[] cls = new int[ndb];
      List<Integer> order = new ArrayList<>();
      for (int d = 0; d <= bits; d++) {
        order.add(d);
      }
      java.util.Collections.shuffle(order, rnd);
      for (int j = 0; j < ndb; j++) {
        int d = order.get(j);
        long flip = d == 64 ? -1L : (1L << d) - 1;
        db[j] = q ^ flip;
        cls[j] = rnd.nextInt(3);
      }
      List<Integer> ks = new ArrayList<>();
      ks.add(-1);
      for (int k = 1; k <= ndb; k++) {
        ks.add(k);
      }
      RetrievalMetrics m = eval(codes(bits, q), Labels.ofClassIds(new int[] {rnd.nextInt(3)}, 3),
          codes(bits, db), Labels.ofClassIds(cls, 3), ks, List.of());
      for (int k : ks) {
        assertEquals(m.map().get(k), m.mapTieAware().get(k), 1e-14, "k=" + k);
      }
    }
  }

  /** Large groups with the cut deep inside one: the harmonic-difference path must agree with sums. */
  @Test
  void harmonicDifferenceMatchesDirectSum() {
    for (long s : new long[] {0, 5, 63, 64, 1000, 999_937}) {
      for (int n : new int[] {65, 100, 5000, 200_000}) {
        double direct = 0;
        for (int i = n; i >= 1; i--) {
          direct += 1.0 / (s + i);
        }
        assertEquals(direct, TieAware.harmonicDiff(s, n), 1e-13 * direct, "s=" + s + " n=" + n);
      }
    }
  }

  /**
   * Multi-word codes (100 bits) and multi-word labels (70 classes, multi-hot) against a direct
   * implementation of the definitions: sort every ranking, then count.
   */
  @Test
  void multiWordCodesAndLabelsMatchBruteForce() {
    Random rnd = new Random(21);
    int bits = 100;
    int classes = 70;
    int nq = 15;
    int ndb = 300;
    byte[] qs = new byte[nq * bits];
    byte[] ds = new byte[ndb * bits];
    for (int i = 0; i < qs.length; i++) {
      qs[i] = (byte) (rnd.nextInt(5) == 0 ? -1 : 1);
    }
    for (int i = 0; i < ds.length; i++) {
      ds[i] = (byte) (rnd.nextInt(5) == 0 ? -1 : 1);
    }
    byte[][] qh = new byte[nq][classes];
    byte[][] dh = new byte[ndb][classes];
    for (byte[] row : qh) {
      row[rnd.nextInt(classes)] = 1;
      row[60 + rnd.nextInt(10)] = 1;
    }
    for (byte[] row : dh) {
      row[rnd.nextInt(classes)] = 1;
    }
    HashCodes q = HashCodes.fromSigns(qs, nq, bits);
    HashCodes db = HashCodes.fromSigns(ds, ndb, bits);
    Labels ql = Labels.ofMultiHot(qh);
    Labels dl = Labels.ofMultiHot(dh);
    List<Integer> ks = List.of(-1, 10, 77);
    List<Integer> ns = List.of(1, 5, 50, 1000);
    RetrievalMetrics m = RetrievalEvaluator.evaluate(q, ql, db, dl, new EvalOptions(ks, ns, 2));
    double[] map = new double[ks.size()];
    double[] pn = new double[ns.size()];
    double pr2 = 0;
    double[] recall = new double[bits + 1];
    int[] order = new int[ndb];
    for (int i = 0; i < nq; i++) {
      int[] dist = new int[ndb];
      boolean[] rel = new boolean[ndb];
      int totalRel = 0;
      for (int j = 0; j < ndb; j++) {
        for (int b = 0; b < bits; b++) {
          dist[j] += qs[i * bits + b] != ds[j * bits + b] ? 1 : 0;
        }
        for (int c = 0; c < classes; c++) {
          rel[j] |= qh[i][c] == 1 && dh[j][c] == 1;
        }
        totalRel += rel[j] ? 1 : 0;
        order[j] = j;
      }
      boolean[] ranked = rank(dist, rel, order);
      for (int x = 0; x < ks.size(); x++) {
        map[x] += ap(ranked, ks.get(x) == -1 ? ndb : ks.get(x)) / nq;
      }
      for (int x = 0; x < ns.size(); x++) {
        int n = Math.min(ns.get(x), ndb);
        int hits = 0;
        for (int r = 0; r < n; r++) {
          hits += ranked[r] ? 1 : 0;
        }
        pn[x] += (double) hits / n / nq;
      }
      for (int r = 0; r <= bits; r++) {
        int within = 0;
        int relWithin = 0;
        for (int j = 0; j < ndb; j++) {
          if (dist[j] <= r) {
            within++;
            relWithin += rel[j] ? 1 : 0;
          }
        }
        if (r == 2 && within > 0) {
          pr2 += (double) relWithin / within / nq;
        }
        recall[r] += totalRel == 0 ? 0 : (double) relWithin / totalRel / nq;
      }
    }
    for (int x = 0; x < ks.size(); x++) {
      assertEquals(map[x], m.map().get(ks.get(x)), 1e-12, "map@" + ks.get(x));
    }
    for (int x = 0; x < ns.size(); x++) {
      assertEquals(pn[x], m.precisionAtN().get(ns.get(x)), 1e-12, "P@" + ns.get(x));
    }
    assertEquals(pr2, m.precisionRadius2(), 1e-12);
    for (int r = 0; r <= bits; r++) {
      assertEquals(recall[r], m.prRecall().get(r), 1e-12, "recall r=" + r);
    }
  }

  @Test
  void multiLabelRelevanceIsSharedLabel() {
    HashCodes q = codes(2, 0b00);
    HashCodes db = codes(2, 0b01, 0b00, 0b11);
    Labels ql = Labels.ofMultiHot(new byte[][] {{1, 0, 1}});
    Labels dl = Labels.ofMultiHot(new byte[][] {{0, 0, 1}, {0, 1, 0}, {1, 1, 0}});
    RetrievalMetrics m = eval(q, ql, db, dl, List.of(-1), List.of(1));
    // ranking 1 (no), 0 (yes), 2 (yes): AP = (1/2 + 2/3)/2
    assertEquals((0.5 + 2.0 / 3) / 2, m.map().get(-1), 1e-15);
    assertEquals(0.0, m.precisionAtN().get(1), 1e-15);
  }

  @Test
  void rejectsInconsistentInputs() {
    HashCodes q = codes(4, 1);
    Labels ql = Labels.ofClassIds(new int[] {0}, 2);
    HashCodes db = codes(4, 1, 2);
    Labels dl = Labels.ofClassIds(new int[] {0, 1}, 2);
    EvalOptions o = EvalOptions.defaults();
    assertThrows(IllegalArgumentException.class,
        () -> RetrievalEvaluator.evaluate(q, ql, codes(8, 1, 2), dl, o));
    assertThrows(IllegalArgumentException.class,
        () -> RetrievalEvaluator.evaluate(q, ql, db, Labels.ofClassIds(new int[] {0}, 2), o));
    assertThrows(IllegalArgumentException.class,
        () -> RetrievalEvaluator.evaluate(q, ql, codes(4), Labels.ofClassIds(new int[0], 2), o));
    assertThrows(IllegalArgumentException.class, () -> new EvalOptions(List.of(0), List.of(), 0));
  }

  @Test
  void toRetrievalFollowsSchemaKeys() throws Exception {
    HashCodes q = codes(4, 0b0000);
    HashCodes db = codes(4, 0b0001, 0b0000);
    RetrievalMetrics m = eval(q, Labels.ofClassIds(new int[] {0}, 2), db,
        Labels.ofClassIds(new int[] {0, 1}, 2), List.of(-1, 1000), List.of(1, 10));
    var json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(m.toRetrieval());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("num_queries", "num_database", "bits", "map", "map_tie_aware", "map_hashnet",
        "p_at_n", "p_r2", "pr_radius"), keys);
    List<String> cutoffs = new ArrayList<>();
    json.get("map").fieldNames().forEachRemaining(cutoffs::add);
    assertEquals(List.of("all", "1000"), cutoffs);
    List<String> ns = new ArrayList<>();
    json.get("p_at_n").fieldNames().forEachRemaining(ns::add);
    assertEquals(List.of("1", "10"), ns);
    assertEquals(0.5, json.get("p_at_n").get("10").asDouble(), "P@10 uses the 2 items there are");
  }
}
