package io.dpfah.bench;

import io.dpfah.report.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.statistics.descriptive.Median;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The side-by-side table of {@code bench/side-by-side.sh}: measurements grouped into cells (same
 * mode, backbone, size, attention, batch and threads); per cell and implementation the median of
 * images/s over rounds with its range, and the medians of user and system CPU seconds per step;
 * and the ratio dpfah / PyTorch of the medians (above 1: dpfah is faster).
 */
public final class SideBySide {

  /** The {@code impl} of the reference side. */
  public static final String REFERENCE = "pytorch";

  /** The {@code impl} of the measured side. */
  public static final String CANDIDATE = "dpfah";

  /** The fields that define a cell, in display order. */
  public static final List<String> CELL = List.of("mode", "backbone", "size", "attention",
      "batch", "threads");

  private static final Median MEDIAN = Median.withDefaults();

  private SideBySide() {}

  /**
   * One implementation in one cell, over its rounds.
   *
   * @param rounds number of measurements
   * @param median median images/s
   * @param min slowest round's images/s
   * @param max fastest round's images/s
   * @param userPerStep median user CPU seconds per step
   * @param sysPerStep median system CPU seconds per step
   */
  public record Side(int rounds, double median, double min, double max, double userPerStep,
      double sysPerStep) {

    static Side of(List<BenchLine> lines) {
      double[] ips = values(lines, "images_per_s");
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : ips) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return new Side(ips.length, MEDIAN.evaluate(ips), min, max,
          MEDIAN.evaluate(values(lines, "user_s_per_step")),
          MEDIAN.evaluate(values(lines, "sys_s_per_step")));
    }

    /** The largest distance of a round from the median, as a fraction of the median. */
    public double spread() {
      return median > 0 ? Math.max(max - median, median - min) / median : Double.NaN;
    }
  }

  /**
   * One cell.
   *
   * @param cell the values of {@link #CELL}, in that order
   * @param reference PyTorch's figures, or null when the cell has none
   * @param candidate dpfah's figures, or null when the cell has none
   */
  public record Row(List<String> cell, Side reference, Side candidate) {
    /** dpfah's median images/s over PyTorch's, NaN when a side is missing. */
    public double ratio() {
      return reference == null || candidate == null || reference.median() == 0
          ? Double.NaN : candidate.median() / reference.median();
    }
  }

  /**
   * Groups measurements into cells, in the order cells first appear.
   *
   * @throws BenchInputException when a line's {@code impl} is neither side
   */
  public static List<Row> rows(List<BenchLine> lines) {
    Map<List<String>, Map<String, List<BenchLine>>> cells = new LinkedHashMap<>();
    for (BenchLine l : lines) {
      String impl = l.get("impl");
      if (!impl.equals(REFERENCE) && !impl.equals(CANDIDATE)) {
        throw new BenchInputException("field 'impl': expected " + REFERENCE + " or " + CANDIDATE
            + ", got '" + impl + "' in: " + l.format());
      }
      List<String> key = CELL.stream().map(l::get).toList();
      cells.computeIfAbsent(key, k -> new LinkedHashMap<>())
          .computeIfAbsent(impl, k -> new ArrayList<>()).add(l);
    }
    List<Row> rows = new ArrayList<>();
    cells.forEach((key, byImpl) -> rows.add(new Row(key, side(byImpl.get(REFERENCE)),
        side(byImpl.get(CANDIDATE)))));
    return rows;
  }

  private static Side side(List<BenchLine> lines) {
    return lines == null ? null : Side.of(lines);
  }

  private static double[] values(List<BenchLine> lines, String key) {
    return lines.stream().mapToDouble(l -> l.number(key)).toArray();
  }

  /** The table as printed: one row per cell, figures formatted. */
  public static Table display(List<Row> rows) {
    Table t = cellColumns("side by side", rows);
    StringColumn ref = StringColumn.create("PyTorch img/s (range)");
    StringColumn cand = StringColumn.create("dpfah img/s (range)");
    StringColumn ratio = StringColumn.create("dpfah/PyTorch");
    StringColumn refSpread = StringColumn.create("PyTorch ±");
    StringColumn candSpread = StringColumn.create("dpfah ±");
    StringColumn refCpu = StringColumn.create("PyTorch CPU s/step user/sys");
    StringColumn candCpu = StringColumn.create("dpfah CPU s/step user/sys");
    StringColumn rounds = StringColumn.create("rounds PyTorch/dpfah");
    for (Row r : rows) {
      ref.append(throughput(r.reference()));
      cand.append(throughput(r.candidate()));
      ratio.append(Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()));
      refSpread.append(spread(r.reference()));
      candSpread.append(spread(r.candidate()));
      refCpu.append(cpu(r.reference()));
      candCpu.append(cpu(r.candidate()));
      rounds.append(count(r.reference()) + "/" + count(r.candidate()));
    }
    return t.addColumns(ref, cand, ratio, refSpread, candSpread, refCpu, candCpu, rounds);
  }

  /** The table as Markdown text ({@link #display}). */
  public static String render(List<Row> rows) {
    return Tables.toMarkdown(display(rows));
  }

  /** The figures as numbers, one row per cell (for CSV); missing sides are empty. */
  public static Table summary(List<Row> rows) {
    Table t = cellColumns("summary", rows);
    DoubleColumn ratio = DoubleColumn.create("ratio");
    rows.forEach(r -> ratio.append(r.ratio()));
    t.addColumns(ratio);
    for (String impl : List.of(REFERENCE, CANDIDATE)) {
      IntColumn n = IntColumn.create(impl + "_rounds");
      DoubleColumn median = DoubleColumn.create(impl + "_images_per_s_median");
      DoubleColumn min = DoubleColumn.create(impl + "_images_per_s_min");
      DoubleColumn max = DoubleColumn.create(impl + "_images_per_s_max");
      DoubleColumn spread = DoubleColumn.create(impl + "_spread");
      DoubleColumn user = DoubleColumn.create(impl + "_user_s_per_step");
      DoubleColumn sys = DoubleColumn.create(impl + "_sys_s_per_step");
      for (Row r : rows) {
        Side s = impl.equals(REFERENCE) ? r.reference() : r.candidate();
        if (s == null) {
          n.append(0);
          for (DoubleColumn c : List.of(median, min, max, spread, user, sys)) {
            c.appendMissing();
          }
        } else {
          n.append(s.rounds());
          median.append(s.median());
          min.append(s.min());
          max.append(s.max());
          spread.append(s.spread());
          user.append(s.userPerStep());
          sys.append(s.sysPerStep());
        }
      }
      t.addColumns(n, median, min, max, spread, user, sys);
    }
    return t;
  }

  /** Every measurement with every field (the union of all lines' keys; absent ones empty). */
  public static Table measurements(List<BenchLine> lines) {
    Set<String> keys = new LinkedHashSet<>();
    lines.forEach(l -> keys.addAll(l.fields().keySet()));
    Table t = Table.create("measurements");
    for (String k : keys) {
      StringColumn c = StringColumn.create(k);
      lines.forEach(l -> c.append(l.fields().getOrDefault(k, "")));
      t.addColumns(c);
    }
    return t;
  }

  private static Table cellColumns(String name, List<Row> rows) {
    Table t = Table.create(name);
    for (int i = 0; i < CELL.size(); i++) {
      final int col = i;
      String key = CELL.get(i);
      boolean number = key.equals("size") || key.equals("batch") || key.equals("threads");
      if (number) {
        IntColumn c = IntColumn.create(key);
        rows.forEach(r -> c.append((int) Double.parseDouble(r.cell().get(col))));
        t.addColumns(c);
      } else {
        StringColumn c = StringColumn.create(key);
        rows.forEach(r -> c.append(r.cell().get(col)));
        t.addColumns(c);
      }
    }
    return t;
  }

  private static String throughput(Side s) {
    if (s == null) {
      return "-";
    }
    return s.rounds() == 1 ? figure(s.median())
        : figure(s.median()) + " (" + figure(s.min()) + "-" + figure(s.max()) + ")";
  }

  private static String spread(Side s) {
    return s == null || Double.isNaN(s.spread()) ? ""
        : String.format(Locale.ROOT, "%.0f%%", 100 * s.spread());
  }

  private static String cpu(Side s) {
    return s == null ? "-"
        : String.format(Locale.ROOT, "%.3f/%.3f", s.userPerStep(), s.sysPerStep());
  }

  private static int count(Side s) {
    return s == null ? 0 : s.rounds();
  }

  /** Images/s as the issue writes them: thousands separated, fewer decimals for larger values. */
  static String figure(double v) {
    String pattern = v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, v);
  }
}
