package io.dpfah.notebook;

import io.dpfah.data.Labels;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.HashCodes;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.eval.RetrievalMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How ties in Hamming distance affect mAP. Short codes give many database items the same
 * distance to a query; the stable-order mAP (DeepHash-pytorch) then ranks tied items by database
 * index, so the figure depends on how the database happens to be ordered. The tie-aware mAP is
 * the expectation over random tie orders and does not.
 */
public final class Ties {
  private Ties() {}

  /** mAP@K ({@code topK = -1}: all) of saved codes, on all cores. */
  public static RetrievalMetrics evaluate(EvalInputs.Loaded codes, int topK) {
    return RetrievalEvaluator.evaluate(codes.query(), codes.queryLabels(), codes.db(),
        codes.dbLabels(), new EvalOptions(List.of(topK), List.of(1), 0));
  }

  /**
   * Stable-order against tie-aware mAP for several code sets (for example one per code length):
   * columns label, bits, stable, tie-aware, and their difference.
   */
  public static Table compare(Map<String, EvalInputs.Loaded> codesByLabel, int topK) {
    StringColumn label = StringColumn.create("codes");
    IntColumn bits = IntColumn.create("bits");
    DoubleColumn stable = DoubleColumn.create("stable mAP");
    DoubleColumn tie = DoubleColumn.create("tie-aware mAP");
    DoubleColumn diff = DoubleColumn.create("stable - tie-aware");
    codesByLabel.forEach((name, codes) -> {
      RetrievalMetrics m = evaluate(codes, topK);
      label.append(name);
      bits.append(m.bits());
      stable.append(m.map().get(topK));
      tie.append(m.mapTieAware().get(topK));
      diff.append(m.map().get(topK) - m.mapTieAware().get(topK));
    });
    return Table.create("Stable-order vs tie-aware mAP@" + EvalOptions.key(topK),
        label, bits, stable, tie, diff);
  }

  /**
   * The index-order bias: evaluates the same codes with the database as saved, with each query's
   * relevant items moved to the lowest indices, and moved to the highest. Queries are evaluated
   * per class (their relevant set is their class), and the figures averaged weighting by the
   * number of queries. Only the stable-order figure moves. Single-label data only.
   */
  public static Table orderBias(EvalInputs.Loaded codes, int topK) {
    Labels ql = codes.queryLabels();
    Labels dl = codes.dbLabels();
    if (ql.isMultiLabel() || dl.isMultiLabel()) {
      throw new NotebookException("orderBias needs single-label codes (a query's relevant set is its class)");
    }
    RetrievalMetrics asSaved = evaluate(codes, topK);
    double[] first = byClass(codes, topK, true);
    double[] last = byClass(codes, topK, false);
    StringColumn order = StringColumn.create("database order",
        List.of("as saved", "relevant items first", "relevant items last"));
    DoubleColumn stable = DoubleColumn.create("stable mAP",
        new double[] {asSaved.map().get(topK), first[0], last[0]});
    DoubleColumn tie = DoubleColumn.create("tie-aware mAP",
        new double[] {asSaved.mapTieAware().get(topK), first[1], last[1]});
    return Table.create("mAP@" + EvalOptions.key(topK) + " under database reorderings ("
        + codes.db().bits() + "-bit codes)", order, stable, tie);
  }

  /** {stable, tie-aware} mAP averaged over classes, relevant db items first or last. */
  private static double[] byClass(EvalInputs.Loaded codes, int topK, boolean relevantFirst) {
    Labels ql = codes.queryLabels();
    Labels dl = codes.dbLabels();
    double stable = 0;
    double tie = 0;
    int total = 0;
    for (int c = 0; c < ql.numClasses(); c++) {
      List<Integer> qs = new ArrayList<>();
      for (int i = 0; i < ql.size(); i++) {
        if (ql.classId(i) == c) {
          qs.add(i);
        }
      }
      if (qs.isEmpty()) {
        continue;
      }
      List<Integer> rel = new ArrayList<>();
      List<Integer> other = new ArrayList<>();
      for (int j = 0; j < dl.size(); j++) {
        (dl.classId(j) == c ? rel : other).add(j);
      }
      List<Integer> order = new ArrayList<>(relevantFirst ? rel : other);
      order.addAll(relevantFirst ? other : rel);
      int[] q = qs.stream().mapToInt(Integer::intValue).toArray();
      int[] d = order.stream().mapToInt(Integer::intValue).toArray();
      RetrievalMetrics m = RetrievalEvaluator.evaluate(subset(codes.query(), q), ql.subset(q),
          subset(codes.db(), d), dl.subset(d), new EvalOptions(List.of(topK), List.of(1), 0));
      stable += m.map().get(topK) * q.length;
      tie += m.mapTieAware().get(topK) * q.length;
      total += q.length;
    }
    return new double[] {stable / total, tie / total};
  }

  /** The codes at {@code indices}, in that order. */
  static HashCodes subset(HashCodes codes, int[] indices) {
    int w = codes.words();
    long[] src = codes.toPacked();
    long[] out = new long[indices.length * w];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(src, indices[i] * w, out, i * w, w);
    }
    return HashCodes.fromPacked(out, indices.length, codes.bits());
  }

  /**
   * The smallest example: one query and {@code n} database items all at the same Hamming distance,
   * {@code relevant} of them relevant (placed first, then last). Returns a table of stable and
   * tie-aware mAP@all for both orders; for n = 4, relevant = 2 the stable figures are 1 and
   * 0.4167 and the tie-aware one 0.6806 in both.
   */
  public static Table allTiedExample(int n, int relevant) {
    if (relevant < 1 || relevant > n) {
      throw new NotebookException("relevant: expected 1.." + n + ", got " + relevant);
    }
    StringColumn order = StringColumn.create("database order");
    DoubleColumn stable = DoubleColumn.create("stable mAP");
    DoubleColumn tie = DoubleColumn.create("tie-aware mAP");
    HashCodes q = HashCodes.fromSigns(new byte[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 8);
    byte[] signs = new byte[n * 8];
    java.util.Arrays.fill(signs, (byte) 1);
    HashCodes db = HashCodes.fromSigns(signs, n, 8);
    for (boolean first : new boolean[] {true, false}) {
      int[] ids = new int[n];
      for (int j = 0; j < n; j++) {
        boolean rel = first ? j < relevant : j >= n - relevant;
        ids[j] = rel ? 0 : 1;
      }
      RetrievalMetrics m = RetrievalEvaluator.evaluate(q, Labels.ofClassIds(new int[] {0}, 2), db,
          Labels.ofClassIds(ids, 2), new EvalOptions(List.of(-1), List.of(1), 1));
      order.append(first ? "relevant first" : "relevant last");
      stable.append(m.map().get(-1));
      tie.append(m.mapTieAware().get(-1));
    }
    return Table.create("One query, " + n + " items at the same distance, " + relevant + " relevant",
        order, stable, tie);
  }
}
