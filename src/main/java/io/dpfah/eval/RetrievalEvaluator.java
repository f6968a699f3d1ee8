package io.dpfah.eval;

import io.dpfah.data.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hamming-ranking retrieval metrics of query codes against a database.
 *
 * <p>Ranking: database items sorted by Hamming distance to the query; the stable figures break
 * ties by database index (as DeepHash-pytorch with a stable sort). Relevance: the two items
 * share a class (single-label) or at least one label (multi-hot).
 *
 * <ul>
 *   <li>{@code map}: mean over all queries of AP@K = (1/R_K) sum over relevant items at rank
 *       i &le; K of (relevant items among ranks 1..i)/i, where R_K = relevant items in the top K;
 *       a query with R_K = 0 counts 0 (DeepHash-pytorch {@code CalcTopMap}).
 *   <li>{@code map_tie_aware}: the mean over queries of E[AP@K], the expectation of the per-query
 *       AP@K above when each tie group is ordered uniformly at random. When the cut K falls inside
 *       a tie group, R_K itself is random (hypergeometric) and the expectation is taken of the
 *       ratio, so the figure is exactly the limit of the Monte Carlo average over random tie
 *       orders; it equals {@code map} when there are no ties. Closed form, O(K+1) per query
 *       (derivation in the source of {@code TieAware}).
 *   <li>{@code map_hashnet}: as {@code map}, averaged only over queries with R_K &gt; 0 (0 if none).
 *   <li>{@code p_at_n}: mean over queries of (relevant in top N)/N, N capped at the database size.
 *   <li>{@code p_r2}: mean over queries of the precision within distance min(2, K); a query with
 *       nothing that close counts 0.
 *   <li>{@code pr_radius}: for r = 0..K, precision within distance r averaged over the queries
 *       that retrieve at least one item (0 if none do), and recall = (relevant within r)/(all
 *       relevant) averaged over all queries (a query with no relevant item counts 0).
 * </ul>
 *
 * <p>Implementation: codes are packed {@code long}s compared with {@code Long.bitCount}. Each
 * query makes one pass over the database that histograms items and relevant items per distance
 * and records, for every relevant item, its distance and its position within its distance bucket
 * (a counting sort without moving any item); a second pass over the relevant items only yields
 * their exact stable ranks. Memory per worker is O(database size) and no query-by-database matrix
 * is ever built. Queries are spread over worker threads; per-query results are combined in query
 * order, so figures do not depend on the thread count. Code length is limited to 65,535 bits.
 */
public final class RetrievalEvaluator {
  private static final int BLOCK = 8;

  private RetrievalEvaluator() {}

  /**
   * Evaluates the queries against the database.
   *
   * @throws IllegalArgumentException if sizes, code lengths or label kinds do not fit together,
   *     or the database is empty
   */
  public static RetrievalMetrics evaluate(
      HashCodes query, Labels queryLabels, HashCodes db, Labels dbLabels, EvalOptions options) {
    check(query, queryLabels, db, dbLabels);
    return new Run(query, queryLabels, db, dbLabels, options).execute();
  }

  /** Throws IllegalArgumentException when the four inputs do not fit together. */
  static void check(HashCodes query, Labels ql, HashCodes db, Labels dl) {
    if (db.size() == 0) {
      throw new IllegalArgumentException("the database is empty, expected at least one item");
    }
    if (query.size() == 0) {
      throw new IllegalArgumentException("there are no queries, expected at least one");
    }
    if (query.bits() != db.bits()) {
      throw new IllegalArgumentException("query codes have " + query.bits()
          + " bits but database codes have " + db.bits() + ", expected the same K");
    }
    if (query.bits() > 0xFFFF) {
      throw new IllegalArgumentException("codes of " + query.bits() + " bits, at most 65535 supported");
    }
    if (ql.size() != query.size()) {
      throw new IllegalArgumentException(ql.size() + " query labels for " + query.size() + " query codes");
    }
    if (dl.size() != db.size()) {
      throw new IllegalArgumentException(dl.size() + " database labels for " + db.size() + " database codes");
    }
    if (ql.isMultiLabel() != dl.isMultiLabel()) {
      throw new IllegalArgumentException("query and database labels must both be single- or both multi-label");
    }
    if (ql.isMultiLabel() && ql.numClasses() != dl.numClasses()) {
      throw new IllegalArgumentException("query labels have " + ql.numClasses()
          + " columns but database labels have " + dl.numClasses());
    }
  }

  /** One evaluation: inputs, cut-off tables and per-query result arrays. */
  private static final class Run {
    final int nq;
    final int ndb;
    final int bits;
    final int buckets;
    final int codeWords;
    final int labelWords;
    final long[] qCodes;
    final long[] dbCodes;
    final long[] qMasks;
    final long[] dbMasks;
    final EvalOptions options;
    final int[] cuts;
    final int[] topKCut;
    final int[] topKEff;
    final int[] precCut;
    final int[] precEff;
    final int maxWeights;
    final double[][] apStable;
    final double[][] apTie;
    final boolean[][] hit;
    final double[][] pAtN;
    final int[] qCnt;
    final int[] qRel;
    final int[] qTotalRel;

    Run(HashCodes query, Labels ql, HashCodes db, Labels dl, EvalOptions options) {
      nq = query.size();
      ndb = db.size();
      bits = query.bits();
      buckets = bits + 1;
      codeWords = query.words();
      qCodes = query.packedView();
      dbCodes = db.packedView();
      labelWords = Math.min(ql.words(), dl.words());
      qMasks = masks(ql, labelWords);
      dbMasks = masks(dl, labelWords);
      this.options = options;
      TreeSet<Integer> all = new TreeSet<>();
      List<Integer> topK = options.topK();
      List<Integer> prec = options.precisionAt();
      topKEff = topK.stream().mapToInt(k -> k == -1 || k > ndb ? ndb : k).toArray();
      precEff = prec.stream().mapToInt(n -> Math.min(n, ndb)).toArray();
      for (int k : topKEff) {
        all.add(k);
      }
      for (int n : precEff) {
        all.add(n);
      }
      cuts = all.stream().mapToInt(Integer::intValue).toArray();
      topKCut = Arrays.stream(topKEff).map(k -> Arrays.binarySearch(cuts, k)).toArray();
      precCut = Arrays.stream(precEff).map(n -> Arrays.binarySearch(cuts, n)).toArray();
      maxWeights = Arrays.stream(topKEff).max().orElse(0) + 1;
      apStable = new double[topK.size()][nq];
      apTie = new double[topK.size()][nq];
      hit = new boolean[topK.size()][nq];
      pAtN = new double[prec.size()][nq];
      qCnt = new int[nq * buckets];
      qRel = new int[nq * buckets];
      qTotalRel = new int[nq];
    }

    private static long[] masks(Labels labels, int words) {
      long[] out = new long[labels.size() * words];
      for (int i = 0; i < labels.size(); i++) {
        for (int w = 0; w < words; w++) {
          out[i * words + w] = labels.mask(i, w);
        }
      }
      return out;
    }

    RetrievalMetrics execute() {
      int threads = options.threads() == 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
      int blocks = (nq + BLOCK - 1) / BLOCK;
      threads = Math.max(1, Math.min(threads, blocks));
      AtomicInteger next = new AtomicInteger();
      if (threads == 1) {
        new Worker(next).run();
      } else {
        List<Thread> pool = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
          Thread th = new Thread(new Worker(next), "dpfah-eval-" + t);
          th.setUncaughtExceptionHandler((x, e) -> {
            synchronized (failure) {
              failure[0] = e;
            }
          });
          pool.add(th);
          th.start();
        }
        for (Thread th : pool) {
          try {
            th.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
          }
        }
        synchronized (failure) {
          if (failure[0] instanceof RuntimeException re) {
            throw re;
          } else if (failure[0] != null) {
            throw new IllegalStateException("evaluation worker failed", failure[0]);
          }
        }
      }
      return aggregate();
    }

    private RetrievalMetrics aggregate() {
      List<Integer> topK = options.topK();
      Map<Integer, Double> map = new LinkedHashMap<>();
      Map<Integer, Double> tie = new LinkedHashMap<>();
      Map<Integer, Double> hashnet = new LinkedHashMap<>();
      for (int t = 0; t < topK.size(); t++) {
        double s = 0;
        double st = 0;
        double sh = 0;
        int nh = 0;
        for (int q = 0; q < nq; q++) {
          s += apStable[t][q];
          st += apTie[t][q];
          if (hit[t][q]) {
            sh += apStable[t][q];
            nh++;
          }
        }
        map.put(topK.get(t), s / nq);
        tie.put(topK.get(t), st / nq);
        hashnet.put(topK.get(t), nh == 0 ? 0 : sh / nh);
      }
      Map<Integer, Double> pn = new LinkedHashMap<>();
      for (int p = 0; p < precEff.length; p++) {
        double s = 0;
        for (int q = 0; q < nq; q++) {
          s += pAtN[p][q];
        }
        pn.put(options.precisionAt().get(p), s / nq);
      }
      double[] precSum = new double[buckets];
      int[] precCount = new int[buckets];
      double[] recSum = new double[buckets];
      double pr2 = 0;
      int r2 = Math.min(2, bits);
      for (int q = 0; q < nq; q++) {
        long tot = 0;
        long rel = 0;
        for (int r = 0; r < buckets; r++) {
          tot += qCnt[q * buckets + r];
          rel += qRel[q * buckets + r];
          if (tot > 0) {
            precSum[r] += (double) rel / tot;
            precCount[r]++;
          }
          if (qTotalRel[q] > 0) {
            recSum[r] += (double) rel / qTotalRel[q];
          }
          if (r == r2 && tot > 0) {
            pr2 += (double) rel / tot;
          }
        }
      }
      List<Double> precision = new ArrayList<>();
      List<Double> recall = new ArrayList<>();
      for (int r = 0; r < buckets; r++) {
        precision.add(precCount[r] == 0 ? 0.0 : precSum[r] / precCount[r]);
        recall.add(recSum[r] / nq);
      }
      return new RetrievalMetrics(nq, ndb, bits, map, tie, hashnet, pn, pr2 / nq, precision, recall);
    }

    /** Processes blocks of queries with its own scratch buffers. */
    private final class Worker implements Runnable {
      final AtomicInteger next;
      final int[] cnt = new int[buckets];
      final int[] rel = new int[buckets];
      final int[] start = new int[buckets];
      final int[] relStart = new int[buckets];
      final int[] relSeen = new int[buckets];
      final long[] relItems = new long[ndb];
      final double[] apAcc = new double[cuts.length];
      final int[] hitAcc = new int[cuts.length];
      final double[] weights = new double[maxWeights];

      Worker(AtomicInteger next) {
        this.next = next;
      }

      @Override
      public void run() {
        int b;
        while ((b = next.getAndIncrement()) * BLOCK < nq) {
          int end = Math.min(nq, (b + 1) * BLOCK);
          for (int q = b * BLOCK; q < end; q++) {
            query(q);
          }
        }
      }

      private void query(int q) {
        Arrays.fill(cnt, 0);
        Arrays.fill(rel, 0);
        int nrel = codeWords == 1 && labelWords == 1 ? scanSingleWord(q) : scanGeneral(q);
        int s = 0;
        int c = 0;
        for (int d = 0; d < buckets; d++) {
          start[d] = s;
          relStart[d] = c;
          s += cnt[d];
          c += rel[d];
        }
        Arrays.fill(relSeen, 0);
        Arrays.fill(apAcc, 0);
        Arrays.fill(hitAcc, 0);
        int nc = cuts.length;
        int maxCut = nc == 0 ? 0 : cuts[nc - 1];
        for (int k = 0; k < nrel; k++) {
          long v = relItems[k];
          int d = (int) (v & 0xFFFF);
          int rank = start[d] + (int) (v >>> 16) + 1;
          int h = relStart[d] + ++relSeen[d];
          if (rank > maxCut) {
            continue;
          }
          int ci = 0;
          while (cuts[ci] < rank) {
            ci++;
          }
          apAcc[ci] += (double) h / rank;
          hitAcc[ci]++;
        }
        for (int i = 1; i < nc; i++) {
          apAcc[i] += apAcc[i - 1];
          hitAcc[i] += hitAcc[i - 1];
        }
        for (int t = 0; t < topKCut.length; t++) {
          int ci = topKCut[t];
          int hits = hitAcc[ci];
          apStable[t][q] = hits == 0 ? 0 : apAcc[ci] / hits;
          hit[t][q] = hits > 0;
          apTie[t][q] = TieAware.expectedAp(cnt, rel, buckets, topKEff[t], weights);
        }
        for (int p = 0; p < precCut.length; p++) {
          pAtN[p][q] = (double) hitAcc[precCut[p]] / precEff[p];
        }
        System.arraycopy(cnt, 0, qCnt, q * buckets, buckets);
        System.arraycopy(rel, 0, qRel, q * buckets, buckets);
        qTotalRel[q] = c;
      }

      /** One code word and one label word: the hot loop of the common case. */
      private int scanSingleWord(int q) {
        long code = qCodes[q];
        long mask = qMasks[q];
        long[] dbc = dbCodes;
        long[] dbm = dbMasks;
        int[] cnt = this.cnt;
        long[] items = relItems;
        int nrel = 0;
        for (int j = 0; j < ndb; j++) {
          int d = Long.bitCount(code ^ dbc[j]);
          int pos = cnt[d]++;
          long shared = mask & dbm[j];
          items[nrel] = ((long) pos << 16) | d;
          nrel += (int) ((shared | -shared) >>> 63);
        }
        for (int k = 0; k < nrel; k++) {
          rel[(int) (items[k] & 0xFFFF)]++;
        }
        return nrel;
      }

      private int scanGeneral(int q) {
        int nrel = 0;
        int cw = codeWords;
        int lw = labelWords;
        for (int j = 0; j < ndb; j++) {
          int d = 0;
          for (int w = 0; w < cw; w++) {
            d += Long.bitCount(qCodes[q * cw + w] ^ dbCodes[j * cw + w]);
          }
          int pos = cnt[d]++;
          long shared = 0;
          for (int w = 0; w < lw; w++) {
            shared |= qMasks[q * lw + w] & dbMasks[j * lw + w];
          }
          int isRel = (int) ((shared | -shared) >>> 63);
          rel[d] += isRel;
          relItems[nrel] = ((long) pos << 16) | d;
          nrel += isRel;
        }
        return nrel;
      }
    }
  }
}
