package io.dpfah.report;

import static tech.tablesaw.aggregate.AggregateFunctions.countNonMissing;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunRecord;
import io.dpfah.results.RunMetrics.Params;
import io.dpfah.results.RunMetrics.Retrieval;
import io.dpfah.results.RunMetrics.Timing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * Paper tables over an experiment's finished runs, as Tablesaw {@link Table}s: rows are variants
 * (see {@link ResultsReader}), columns code lengths, cells {@code mean ± std} over seeds (sample
 * standard deviation, n-1; a single seed shows the mean alone; "—" where no run has the value).
 * Failed, unfinished and broken runs never enter a table except {@link #runsTable}. The table
 * name ({@link Table#name()}) is its caption.
 */
public final class Tables {

  /** Shown where a variant has no finished run with a value. */
  public static final String MISSING = "—";

  /** Which mAP the metrics file reports (docs/metrics.md). */
  public enum MapKind {
    /** Exact expectation over random tie orders: the headline. */
    TIE_AWARE("tie_aware", "Tie-aware mAP", Retrieval::mapTieAware),
    /** DeepHash-pytorch CalcTopMap with stable (index) tie order. */
    STABLE("stable", "Stable-order mAP", Retrieval::map),
    /** HashNet convention: queries without a hit in the top K left out. */
    HASHNET("hashnet", "HashNet mAP", Retrieval::mapHashnet);

    private final String id;
    private final String caption;
    private final Function<Retrieval, Map<String, Double>> values;

    MapKind(String id, String caption, Function<Retrieval, Map<String, Double>> values) {
      this.id = id;
      this.caption = caption;
      this.values = values;
    }

    /** Short id used in file names ({@code tie_aware}, {@code stable}, {@code hashnet}). */
    public String id() {
      return id;
    }

    /** Human-readable name. */
    public String caption() {
      return caption;
    }

    /** This kind's mAP of a run at a cut-off ({@code all} or K), NaN if absent. */
    public double of(RunRecord run, String cutoff) {
      Retrieval r = run.metrics().retrieval();
      Map<String, Double> m = r == null ? null : values.apply(r);
      return m == null ? Double.NaN : value(m.get(cutoff));
    }

    /** Cut-offs present in any finished run, {@code all} first. */
    public List<String> cutoffs(ExperimentResults results) {
      Set<String> keys = new TreeSet<>(ResultsReader::compareCutoffs);
      results.finished().stream().map(r -> r.metrics().retrieval()).filter(Objects::nonNull)
          .map(values).filter(Objects::nonNull).forEach(m -> keys.addAll(m.keySet()));
      return List.copyOf(keys);
    }
  }

  /**
   * Mean, sample standard deviation (n-1) and count of one metric over seeds.
   *
   * @param mean mean over runs with a value
   * @param std sample standard deviation (NaN when n < 2)
   * @param n number of runs with a value
   */
  public record Stat(double mean, double std, int n) {

    /** {@code mean ± std} with the given decimals; the mean alone if n = 1; "—" if n = 0. */
    public String format(int decimals) {
      if (n == 0) {
        return MISSING;
      }
      String m = String.format(Locale.ROOT, "%." + decimals + "f", mean);
      return n == 1 ? m : m + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", std);
    }
  }

  private Tables() {}

  /**
   * Mean, std and count of a metric per variant and code length over finished runs (runs where
   * the metric is NaN are left out), computed with Tablesaw's summarize.
   *
   * @return a map keyed by variant then bits
   */
  public static Map<String, Map<Integer, Stat>> stats(
      ExperimentResults results, ToDoubleFunction<RunRecord> metric) {
    StringColumn variant = StringColumn.create("variant");
    IntColumn bits = IntColumn.create("bits");
    DoubleColumn value = DoubleColumn.create("value");
    for (RunRecord r : results.finished()) {
      double v = metric.applyAsDouble(r);
      if (!Double.isNaN(v)) {
        variant.append(r.variantLabel());
        bits.append(r.bits());
        value.append(v);
      }
    }
    Map<String, Map<Integer, Stat>> out = new LinkedHashMap<>();
    if (value.isEmpty()) {
      return out;
    }
    Table summary = Table.create(variant, bits, value)
        .summarize("value", mean, stdDev, countNonMissing).by("variant", "bits");
    for (int i = 0; i < summary.rowCount(); i++) {
      int n = ((Number) summary.column(4).get(i)).intValue();
      double sd = n < 2 ? Double.NaN : ((Number) summary.column(3).get(i)).doubleValue();
      out.computeIfAbsent(summary.stringColumn(0).get(i), k -> new LinkedHashMap<>())
          .put(summary.intColumn(1).get(i),
              new Stat(((Number) summary.column(2).get(i)).doubleValue(), sd, n));
    }
    return out;
  }

  /**
   * Rows = variants, columns = code lengths ({@code "32 bits"}), cells {@code mean ± std}.
   *
   * @param caption table name
   * @param metric the per-run value (NaN = absent)
   * @param decimals decimals of mean and std
   */
  public static Table variantByBits(
      ExperimentResults results, String caption, ToDoubleFunction<RunRecord> metric,
      int decimals) {
    Map<String, Map<Integer, Stat>> stats = stats(results, metric);
    Set<Integer> ns = seedCounts(stats);
    Table t = Table.create(withSeedCount(caption, ns),
        StringColumn.create("variant", results.variants()));
    for (int b : results.bits()) {
      StringColumn c = StringColumn.create(b + " bits");
      for (String v : results.variants()) {
        Stat s = stats.getOrDefault(v, Map.of()).get(b);
        c.append(s == null ? MISSING : s.format(decimals) + cellCount(s, ns));
      }
      t.addColumns(c);
    }
    return t;
  }

  /** The distinct seed counts n of the cells. */
  static Set<Integer> seedCounts(Map<String, Map<Integer, Stat>> stats) {
    Set<Integer> ns = new TreeSet<>();
    stats.values().forEach(byBits -> byBits.values().forEach(s -> ns.add(s.n())));
    return ns;
  }

  /**
   * A caption's "over seeds" made exact: "over n = 3 seeds" when every cell has the same count,
   * "over seeds, n per cell" when they differ (each cell then carries its n).
   */
  static String withSeedCount(String caption, Set<Integer> ns) {
    if (ns.size() > 1) {
      return caption.replace("over seeds", "over seeds, n per cell");
    }
    if (ns.size() == 1) {
      int n = ns.iterator().next();
      return caption.replace("over seeds", "over n = " + n + (n == 1 ? " seed" : " seeds"));
    }
    return caption;
  }

  /** " [n=2]" after a cell when the cells' counts differ, else "". */
  static String cellCount(Stat s, Set<Integer> ns) {
    return ns.size() > 1 ? " [n=" + s.n() + "]" : "";
  }

  /** The headline: tie-aware mAP@all, variants by code length, mean ± std over seeds. */
  public static Table mapTable(ExperimentResults results) {
    return mapTable(results, MapKind.TIE_AWARE, "all");
  }

  /** mAP of a kind at a cut-off ({@code all} or K), variants by code length. */
  public static Table mapTable(ExperimentResults results, MapKind kind, String cutoff) {
    return variantByBits(results, kind.caption() + "@" + cutoff + " (mean ± std over seeds)",
        r -> kind.of(r, cutoff), 3);
  }

  /** Tie-aware mAP with the stable-order value beside it: cells {@code "0.712 (0.731)"}. */
  public static Table mapCombinedTable(ExperimentResults results, String cutoff) {
    Map<String, Map<Integer, Stat>> tie = stats(results, r -> MapKind.TIE_AWARE.of(r, cutoff));
    Map<String, Map<Integer, Stat>> stable = stats(results, r -> MapKind.STABLE.of(r, cutoff));
    Set<Integer> ns = seedCounts(tie);
    Table t = Table.create(withSeedCount("Tie-aware mAP@" + cutoff + " (stable-order mAP@"
        + cutoff + "), means over seeds", ns), StringColumn.create("variant", results.variants()));
    for (int b : results.bits()) {
      StringColumn c = StringColumn.create(b + " bits");
      for (String v : results.variants()) {
        Stat a = tie.getOrDefault(v, Map.of()).get(b);
        Stat s = stable.getOrDefault(v, Map.of()).get(b);
        String cell = a == null ? MISSING : String.format(Locale.ROOT, "%.3f", a.mean());
        cell = s == null ? cell : cell + String.format(Locale.ROOT, " (%.3f)", s.mean());
        c.append(a == null ? cell : cell + cellCount(a, ns));
      }
      t.addColumns(c);
    }
    return t;
  }

  /**
   * The comparison table of a paper: per code length, tie-aware mAP@all, tie-aware mAP at the
   * protocol's cut-off (the runs' {@code protocol_topk}, else the first cut-off they have) and
   * precision within Hamming radius 2; means over seeds to 3 decimals, cells without a run
   * blank.
   */
  public static Table comparisonTable(ExperimentResults results) {
    String k = results.finished().stream().map(r -> r.metrics().protocolTopk())
        .filter(c -> c != null && c.k() > 0).map(c -> String.valueOf(c.k())).findFirst()
        .orElse(MapKind.TIE_AWARE.cutoffs(results).stream().filter(c -> !c.equals("all"))
            .findFirst().orElse(null));
    Map<String, ToDoubleFunction<RunRecord>> metrics = new LinkedHashMap<>();
    metrics.put("mAP@all", r -> MapKind.TIE_AWARE.of(r, "all"));
    if (k != null) {
      metrics.put("mAP@" + k, r -> MapKind.TIE_AWARE.of(r, k));
    }
    metrics.put("P@r≤2", Tables::precisionRadius2);
    Map<String, Map<String, Map<Integer, Stat>>> stats = new LinkedHashMap<>();
    metrics.forEach((name, m) -> stats.put(name, stats(results, m)));
    Set<Integer> ns = seedCounts(stats.get("mAP@all"));
    Table t = Table.create(withSeedCount("Comparison: tie-aware mAP and precision within Hamming"
        + " radius 2 by code length (means over seeds)", ns),
        StringColumn.create("variant", results.variants()));
    for (int b : results.bits()) {
      for (Map.Entry<String, Map<String, Map<Integer, Stat>>> e : stats.entrySet()) {
        DoubleColumn c = DoubleColumn.create(b + " bits " + e.getKey());
        for (String v : results.variants()) {
          Stat st = e.getValue().getOrDefault(v, Map.of()).get(b);
          c.append(st == null ? Double.NaN : Math.round(st.mean() * 1000) / 1000.0);
        }
        t.addColumns(c);
      }
    }
    return t;
  }

  /** P@N at one code length: rows variants, columns {@code P@N} for each N present. */
  public static Table precisionAtNTable(ExperimentResults results, int bits) {
    Set<Integer> ns = new TreeSet<>();
    results.finished().stream().filter(r -> r.bits() == bits)
        .forEach(r -> ns.addAll(precisionAtN(r).keySet()));
    List<String> variants = results.variants().stream()
        .filter(v -> !results.finished(v, bits).isEmpty()).toList();
    Table t = Table.create("Precision@N at " + bits + " bits (mean ± std over seeds)",
        StringColumn.create("variant", variants));
    for (int n : ns) {
      Map<String, Map<Integer, Stat>> stats = stats(results, r -> precisionAt(r, n));
      StringColumn c = StringColumn.create("P@" + n);
      for (String v : variants) {
        Stat s = stats.getOrDefault(v, Map.of()).get(bits);
        c.append(s == null ? MISSING : s.format(3));
      }
      t.addColumns(c);
    }
    return t;
  }

  /** Precision within Hamming radius 2, variants by code length. */
  public static Table precisionRadius2Table(ExperimentResults results) {
    return variantByBits(results, "Precision within Hamming radius 2 (mean ± std over seeds)",
        Tables::precisionRadius2, 3);
  }

  /** Classification accuracy of the classifier branch, variants by code length. */
  public static Table accuracyTable(ExperimentResults results) {
    return variantByBits(results, "Classification accuracy (mean ± std over seeds)",
        Tables::accuracy, 3);
  }

  /**
   * Parameter counts: variant, attention parameters, difference in total parameters to the
   * reference variant ({@code none} if present, else the first) at the smallest code length
   * both have, then total parameters per code length. Counts come from each group's first run.
   */
  public static Table parameterTable(ExperimentResults results) {
    List<String> variants = results.variants();
    String ref = PairedComparison.baseline(results);
    LongColumn attention = LongColumn.create("attention params");
    LongColumn delta = LongColumn.create("Δ total vs " + ref);
    List<LongColumn> totals = new ArrayList<>();
    for (int b : results.bits()) {
      totals.add(LongColumn.create("total params (" + b + " bits)"));
    }
    for (String v : variants) {
      long att = -1;
      Long d = null;
      List<Integer> bits = results.bits();
      for (int i = 0; i < bits.size(); i++) {
        long total = params(results, v, bits.get(i), true);
        long refTotal = params(results, ref, bits.get(i), true);
        append(totals.get(i), total);
        if (att < 0) {
          att = params(results, v, bits.get(i), false);
        }
        if (d == null && total >= 0 && refTotal >= 0) {
          d = total - refTotal;
        }
      }
      append(attention, att);
      if (d == null) {
        delta.appendMissing();
      } else {
        delta.append(d);
      }
    }
    Table t = Table.create("Parameter counts", StringColumn.create("variant", variants),
        attention, delta);
    totals.forEach(t::addColumns);
    return t;
  }

  /** Training and encoding time per variant and code length (mean ± std over seeds). */
  public static Table timingTable(ExperimentResults results) {
    StringColumn variant = StringColumn.create("variant");
    IntColumn bitsCol = IntColumn.create("bits");
    StringColumn train = StringColumn.create("train s");
    StringColumn ips = StringColumn.create("train images/s");
    StringColumn encode = StringColumn.create("encode s");
    Map<String, Map<Integer, Stat>> trainS = stats(results, r -> timing(r, Timing::trainS));
    Map<String, Map<Integer, Stat>> imagesS =
        stats(results, r -> timing(r, Timing::trainImagesPerS));
    Map<String, Map<Integer, Stat>> encodeS = stats(results, r -> timing(r, Timing::encodeS));
    for (String v : results.variants()) {
      for (int b : results.bits()) {
        if (results.finished(v, b).isEmpty()) {
          continue;
        }
        variant.append(v);
        bitsCol.append(b);
        train.append(cell(trainS, v, b, 1));
        ips.append(cell(imagesS, v, b, 0));
        encode.append(cell(encodeS, v, b, 1));
      }
    }
    return Table.create("Training and encoding time (mean ± std over seeds)", variant, bitsCol,
        train, ips, encode);
  }

  /**
   * Code diagnostics of every finished run that has them (see docs/metrics.md), one row per run:
   * variant, bits, seed, the range of the bits' +1 fractions, mean bit entropy, mean |bit
   * correlation|, distinct database codes, the largest bucket, the mean share of the database in
   * a query's bucket and the mean Hamming distance of similar and of dissimilar pairs. Figures
   * are rounded to 4 decimals.
   */
  public static Table diagnosticsTable(ExperimentResults results) {
    Table t = Table.create("Code diagnostics per run (bits and buckets over the database codes,"
            + " distances over all query–database pairs)",
        StringColumn.create("run_id"), StringColumn.create("variant"), IntColumn.create("bits"),
        LongColumn.create("seed"), DoubleColumn.create("min +1 fraction"),
        DoubleColumn.create("max +1 fraction"), DoubleColumn.create("mean bit entropy"),
        DoubleColumn.create("mean |bit corr|"), IntColumn.create("distinct codes"),
        IntColumn.create("largest bucket"), DoubleColumn.create("query bucket share"),
        DoubleColumn.create("mean d similar"), DoubleColumn.create("mean d dissimilar"));
    for (String v : results.variants()) {
      for (int b : results.bits()) {
        for (RunRecord r : results.finished(v, b)) {
          RunMetrics.Diagnostics d = r.metrics().diagnostics();
          if (d == null) {
            continue;
          }
          t.stringColumn(0).append(r.runId());
          t.stringColumn(1).append(v);
          t.intColumn(2).append(b);
          t.longColumn(3).append(r.seed());
          double[] figures = {d.minBalance(), d.maxBalance(), d.meanEntropy(),
              d.meanAbsBitCorrelation()};
          for (int i = 0; i < figures.length; i++) {
            t.doubleColumn(4 + i).append(round4(figures[i]));
          }
          t.intColumn(8).append(d.buckets().distinct());
          t.intColumn(9).append(d.buckets().largest());
          t.doubleColumn(10).append(round4(d.buckets().queryBucketShare()));
          t.doubleColumn(11).append(round4(d.hammingHistogram().meanDistance(true)));
          t.doubleColumn(12).append(round4(d.hammingHistogram().meanDistance(false)));
        }
      }
    }
    return t;
  }

  /** Whether any finished run has code diagnostics. */
  public static boolean anyDiagnostics(ExperimentResults results) {
    return results.finished().stream().anyMatch(r -> r.metrics().diagnostics() != null);
  }

  private static double round4(double x) {
    return Double.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x;
  }

  /**
   * One row per run folder (all statuses): id, status, variant, bits, seed, the headline and
   * stable mAP@all, p_r2, accuracy, total parameters, training seconds and the error message.
   */
  public static Table runsTable(ExperimentResults results) {
    Table t = Table.create("Every run folder, any status",
        StringColumn.create("run_id"), StringColumn.create("status"),
        StringColumn.create("variant"), IntColumn.create("bits"), LongColumn.create("seed"),
        DoubleColumn.create("map_tie_aware_all"), DoubleColumn.create("map_all"),
        DoubleColumn.create("p_r2"), DoubleColumn.create("accuracy"),
        LongColumn.create("params_total"), DoubleColumn.create("train_s"),
        StringColumn.create("error"));
    for (RunRecord r : results.runs()) {
      t.stringColumn("run_id").append(r.runId());
      t.stringColumn("status").append(r.status().name().toLowerCase(Locale.ROOT));
      t.stringColumn("variant").append(r.variantLabel());
      t.intColumn("bits").append(r.bits());
      t.longColumn("seed").append(r.seed());
      t.doubleColumn("map_tie_aware_all").append(MapKind.TIE_AWARE.of(r, "all"));
      t.doubleColumn("map_all").append(MapKind.STABLE.of(r, "all"));
      t.doubleColumn("p_r2").append(precisionRadius2(r));
      t.doubleColumn("accuracy").append(accuracy(r));
      append(t.longColumn("params_total"), count(r, Params::total));
      t.doubleColumn("train_s").append(timing(r, Timing::trainS));
      t.stringColumn("error").append(r.error() == null ? "" : r.error());
    }
    return t;
  }

  /**
   * Long-format numeric summary of every aggregated metric: variant, bits, metric, mean, std, n
   * (for notebooks and other plotting tools).
   */
  public static Table summaryTable(ExperimentResults results) {
    Map<String, ToDoubleFunction<RunRecord>> metrics = new LinkedHashMap<>();
    for (MapKind kind : MapKind.values()) {
      for (String k : kind.cutoffs(results)) {
        metrics.put("map_" + kind.id() + "@" + k, r -> kind.of(r, k));
      }
    }
    Set<Integer> ns = new TreeSet<>();
    results.finished().forEach(r -> ns.addAll(precisionAtN(r).keySet()));
    ns.forEach(n -> metrics.put("p@" + n, r -> precisionAt(r, n)));
    metrics.put("p_r2", Tables::precisionRadius2);
    metrics.put("accuracy", Tables::accuracy);
    metrics.put("train_s", r -> timing(r, Timing::trainS));
    metrics.put("train_images_per_s", r -> timing(r, Timing::trainImagesPerS));
    metrics.put("encode_s", r -> timing(r, Timing::encodeS));
    Table t = Table.create("Summary", StringColumn.create("variant"), IntColumn.create("bits"),
        StringColumn.create("metric"), DoubleColumn.create("mean"), DoubleColumn.create("std"),
        IntColumn.create("n"));
    metrics.forEach((name, metric) -> stats(results, metric).forEach((v, byBits) ->
        byBits.forEach((b, s) -> {
          t.stringColumn("variant").append(v);
          t.intColumn("bits").append(b);
          t.stringColumn("metric").append(name);
          t.doubleColumn("mean").append(s.mean());
          t.doubleColumn("std").append(s.std());
          t.intColumn("n").append(s.n());
        })));
    return t;
  }

  /**
   * Every table of the report, keyed by file stem: headline mAP, combined, the comparison
   * (mAP@all, mAP@K, P@r≤2 per code length), stable, mAP@K
   * tables, P@N per code length, the paired comparison (several variants), p_r2, code
   * diagnostics (if any run has them), accuracy (if any), parameters, timing, runs, the
   * settings that differ between variants and those all runs share ({@link Settings}),
   * provenance ({@link ProvenanceTable}) and summary.
   */
  public static Map<String, Table> all(ExperimentResults results) {
    Map<String, Table> out = new LinkedHashMap<>();
    out.put("map_tie_aware_all", mapTable(results));
    out.put("map_combined_all", mapCombinedTable(results, "all"));
    out.put("comparison", comparisonTable(results));
    out.put("map_stable_all", mapTable(results, MapKind.STABLE, "all"));
    for (MapKind kind : MapKind.values()) {
      for (String k : kind.cutoffs(results)) {
        if (!k.equals("all") || kind == MapKind.HASHNET) {
          out.put("map_" + kind.id() + "_" + k, mapTable(results, kind, k));
        }
      }
    }
    for (int b : results.bits()) {
      out.put("p_at_n_" + b + "bits", precisionAtNTable(results, b));
    }
    if (results.variants().size() > 1) {
      out.put("paired_map_tie_aware_all", PairedComparison.table(results,
          "Paired by seed against " + PairedComparison.baseline(results)
              + ": tie-aware mAP@all difference (variant − baseline)",
          r -> MapKind.TIE_AWARE.of(r, "all")));
    }
    out.put("p_r2", precisionRadius2Table(results));
    if (anyDiagnostics(results)) {
      out.put("diagnostics", diagnosticsTable(results));
    }
    if (results.finished().stream().anyMatch(r -> r.metrics().classification() != null)) {
      out.put("accuracy", accuracyTable(results));
    }
    out.put("parameters", parameterTable(results));
    out.put("timing", timingTable(results));
    out.put("runs", runsTable(results));
    out.put("settings", Settings.perVariant(results));
    out.put("settings_common", Settings.common(results));
    out.put("provenance", ProvenanceTable.of(results));
    out.put("summary", summaryTable(results));
    return out;
  }

  /**
   * Renders a table as GitHub Markdown (cells padded; numeric columns right-aligned; {@code |}
   * escaped; missing numbers blank).
   */
  public static String toMarkdown(Table table) {
    int cols = table.columnCount();
    String[][] cells = new String[table.rowCount() + 1][cols];
    int[] width = new int[cols];
    for (int c = 0; c < cols; c++) {
      Column<?> col = table.column(c);
      cells[0][c] = escape(col.name());
      for (int r = 0; r < table.rowCount(); r++) {
        cells[r + 1][c] = escape(text(col, r));
      }
      for (String[] row : cells) {
        width[c] = Math.max(Math.max(width[c], row[c].length()), 3);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < cells.length; r++) {
      sb.append('|');
      for (int c = 0; c < cols; c++) {
        boolean right = numeric(table.column(c));
        String cell = cells[r][c];
        String pad = " ".repeat(width[c] - cell.length());
        sb.append(' ').append(right ? pad + cell : cell + pad).append(" |");
      }
      sb.append('\n');
      if (r == 0) {
        sb.append('|');
        for (int c = 0; c < cols; c++) {
          sb.append(' ').append(numeric(table.column(c))
              ? "-".repeat(width[c] - 1) + ":" : "-".repeat(width[c])).append(" |");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * A cell as text: missing numbers are empty, whole doubles without decimals, other doubles
   * with six significant digits and no trailing zeros.
   */
  public static String text(Column<?> column, int row) {
    if (column.isMissing(row)) {
      return "";
    }
    Object v = column.get(row);
    if (v instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString(d.longValue());
      }
      String g = String.format(Locale.ROOT, "%.6g", d);
      return g.contains("e") || !g.contains(".") ? g
          : g.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return String.valueOf(v);
  }

  /** Whether a column holds numbers (right-aligned when rendered). */
  public static boolean numeric(Column<?> column) {
    ColumnType type = column.type();
    return type == ColumnType.DOUBLE || type == ColumnType.INTEGER || type == ColumnType.LONG
        || type == ColumnType.FLOAT || type == ColumnType.SHORT;
  }

  /** Writes a table as UTF-8 CSV with Tablesaw. */
  public static void writeCsv(Table table, Path file) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      table.write().csv(CsvWriteOptions.builder(w).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String cell(Map<String, Map<Integer, Stat>> stats, String v, int b, int dec) {
    Stat s = stats.getOrDefault(v, Map.of()).get(b);
    return s == null ? MISSING : s.format(dec);
  }

  static double precisionAt(RunRecord r, int n) {
    return value(precisionAtN(r).get(n));
  }

  /** P@N of a run by N, empty if absent. */
  static Map<Integer, Double> precisionAtN(RunRecord r) {
    Retrieval ret = r.metrics().retrieval();
    return ret == null || ret.precisionAtN() == null ? Map.of() : ret.precisionAtN();
  }

  private static double precisionRadius2(RunRecord r) {
    Retrieval ret = r.metrics().retrieval();
    return ret == null ? Double.NaN : value(ret.precisionRadius2());
  }

  private static double accuracy(RunRecord r) {
    return r.metrics().classification() == null ? Double.NaN
        : value(r.metrics().classification().accuracy());
  }

  private static double timing(RunRecord r, Function<Timing, Double> field) {
    return r.metrics().timing() == null ? Double.NaN : value(field.apply(r.metrics().timing()));
  }

  /** A parameter count of a run, -1 if absent. */
  static long count(RunRecord r, Function<Params, Long> field) {
    Long n = r.metrics().params() == null ? null : field.apply(r.metrics().params());
    return n == null ? -1 : n;
  }

  /** An absent number as NaN. */
  static double value(Double v) {
    return v == null ? Double.NaN : v;
  }

  private static long params(ExperimentResults results, String v, int bits, boolean total) {
    return results.finished(v, bits).stream()
        .mapToLong(r -> count(r, total ? Params::total : Params::attention))
        .filter(x -> x >= 0).findFirst().orElse(-1);
  }

  private static void append(LongColumn c, long v) {
    if (v < 0) {
      c.appendMissing();
    } else {
      c.append(v);
    }
  }
}
