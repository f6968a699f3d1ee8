package io.dpfah.search;

import io.dpfah.eval.HashCodes;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact k-nearest-neighbour search by Hamming distance. Ties are broken by database index, lower
 * first, so a ranking is a function of the codes alone (the evaluator's "stable" order). One
 * linear pass counts distances, a second collects the winners: O(n) per query, no sorting.
 */
public final class HammingSearch {
  private HammingSearch() {}

  /**
   * The {@code k} database items nearest to query {@code q} of {@code queries} (all of them when
   * the database is smaller), nearest first.
   *
   * @throws SearchException when the code lengths differ or {@code k < 1}
   */
  public static List<Neighbour> nearest(HashCodes queries, int q, HashCodes db, int k) {
    if (queries.bits() != db.bits()) {
      throw new SearchException("query codes have " + queries.bits() + " bits, database codes "
          + db.bits() + "; expected the same K");
    }
    if (k < 1) {
      throw new SearchException("k is " + k + ", expected at least 1");
    }
    int n = db.size();
    int bits = db.bits();
    int words = db.words();
    long[] query = new long[words];
    for (int w = 0; w < words; w++) {
      query[w] = queries.word(q, w);
    }
    int[] distance = new int[n];
    int[] count = new int[bits + 1];
    for (int i = 0; i < n; i++) {
      int d = 0;
      for (int w = 0; w < words; w++) {
        d += Long.bitCount(query[w] ^ db.word(i, w));
      }
      distance[i] = d;
      count[d]++;
    }
    int take = Math.min(k, n);
    int[] start = new int[bits + 2];
    int cutoff = 0;
    int before = 0;
    while (cutoff < bits && before + count[cutoff] < take) {
      start[cutoff] = before;
      before += count[cutoff];
      cutoff++;
    }
    start[cutoff] = before;
    int[] next = start.clone();
    int[] index = new int[take];
    for (int i = 0; i < n; i++) {
      int d = distance[i];
      if (d < cutoff || (d == cutoff && next[d] < take)) {
        index[next[d]++] = i;
      }
    }
    List<Neighbour> out = new ArrayList<>(take);
    for (int r = 0; r < take; r++) {
      out.add(new Neighbour(r + 1, index[r], distance[index[r]]));
    }
    return List.copyOf(out);
  }
}
