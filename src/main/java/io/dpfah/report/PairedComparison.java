package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.RunRecord;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Statistic;
import org.apache.commons.statistics.inference.TTest;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Each variant against a baseline, paired by seed: for every code length, the runs of the
 * variant and of the baseline with the same seed form pairs; the table gives the number of
 * pairs n, the mean difference (variant − baseline) with its sample standard deviation, and the
 * two-sided p-value of a paired t-test (Apache Commons Statistics). With fewer than two pairs the
 * std and p-value are missing. The baseline is {@code none} when present, else the first
 * variant.
 */
public final class PairedComparison {

  private PairedComparison() {}

  /**
   * The baseline variant of an experiment: {@code none} (an attention ablation's) if present,
   * else {@code dpfah} (a method comparison's: every method against this project's), else the
   * first one.
   */
  public static String baseline(ExperimentResults results) {
    List<String> variants = results.variants();
    for (String preferred : List.of("none", "dpfah")) {
      if (variants.contains(preferred)) {
        return preferred;
      }
    }
    return variants.isEmpty() ? "" : variants.get(0);
  }

  /**
   * One row per (variant ≠ baseline, bits) with at least one pair.
   *
   * @param caption table name
   * @param metric the per-run value compared (NaN = absent, that seed is left out)
   */
  public static Table table(ExperimentResults results, String caption,
      ToDoubleFunction<RunRecord> metric) {
    String base = baseline(results);
    StringColumn variant = StringColumn.create("variant");
    IntColumn bitsCol = IntColumn.create("bits");
    IntColumn pairs = IntColumn.create("n pairs");
    DoubleColumn meanDiff = DoubleColumn.create("mean diff");
    DoubleColumn sdDiff = DoubleColumn.create("std diff");
    IntColumn wins = IntColumn.create("seeds better");
    DoubleColumn p = DoubleColumn.create("p (paired t)");
    for (String v : results.variants()) {
      if (v.equals(base)) {
        continue;
      }
      for (int b : results.bits()) {
        Map<Long, Double> baseBySeed = bySeed(results.finished(base, b), metric);
        Map<Long, Double> varBySeed = bySeed(results.finished(v, b), metric);
        List<double[]> matched = new ArrayList<>();
        varBySeed.forEach((seed, x) -> {
          Double y = baseBySeed.get(seed);
          if (y != null) {
            matched.add(new double[] {x, y});
          }
        });
        if (matched.isEmpty()) {
          continue;
        }
        double[] xs = matched.stream().mapToDouble(m -> m[0]).toArray();
        double[] ys = matched.stream().mapToDouble(m -> m[1]).toArray();
        double[] d = new double[xs.length];
        int better = 0;
        for (int i = 0; i < d.length; i++) {
          d[i] = xs[i] - ys[i];
          better += d[i] > 0 ? 1 : 0;
        }
        DoubleStatistics stats =
            DoubleStatistics.of(EnumSet.of(Statistic.MEAN, Statistic.VARIANCE), d);
        variant.append(v);
        bitsCol.append(b);
        pairs.append(d.length);
        meanDiff.append(stats.getAsDouble(Statistic.MEAN));
        if (d.length >= 2) {
          sdDiff.append(Math.sqrt(stats.getAsDouble(Statistic.VARIANCE)));
          p.append(allEqual(d) ? Double.NaN : TTest.withDefaults().pairedTest(xs, ys).getPValue());
        } else {
          sdDiff.appendMissing();
          p.appendMissing();
        }
        wins.append(better);
      }
    }
    return Table.create(caption, variant, bitsCol, pairs, meanDiff, sdDiff, wins, p);
  }

  private static boolean allEqual(double[] d) {
    for (double x : d) {
      if (x != d[0]) {
        return false;
      }
    }
    return true;
  }

  private static Map<Long, Double> bySeed(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
    Map<Long, Double> out = new TreeMap<>();
    for (RunRecord r : runs) {
      double v = f.applyAsDouble(r);
      if (!Double.isNaN(v)) {
        out.putIfAbsent(r.seed(), v);
      }
    }
    return out;
  }
}
