package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunRecord;
import io.dpfah.results.RunRecord.HistoryRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.MarkerSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart plots over an experiment's finished runs. Every chart is {@value #WIDTH}x{@value
 * #HEIGHT}, titled, with axis labels and a legend; each variant keeps one colour and marker in
 * every plot ({@link #colour}: a fixed palette indexed by the variant's position in {@link
 * ExperimentResults#variants()}). Curves are means over seeds.
 */
public final class Plots {

  /** Default chart width in pixels. */
  public static final int WIDTH = 800;

  /** Default chart height in pixels. */
  public static final int HEIGHT = 600;

  /** Tableau-10 palette; variant i gets colour i mod 10. */
  public static final List<Color> PALETTE = List.of(
      new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
      new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
      new Color(0x9C755F), new Color(0xBAB0AC));

  private static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
      SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
      SeriesMarkers.CROSS, SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE, SeriesMarkers.PLUS);

  /** Loss columns of history.csv that {@link #lossCurves(ExperimentResults, int, String)} plots. */
  public static final List<String> LOSS_COLUMNS =
      List.of("loss", "pairwise", "classification", "quantization");

  private Plots() {}

  /** The colour of a variant: the palette entry at its index in the experiment's variants. */
  public static Color colour(ExperimentResults results, String variant) {
    int i = results.variants().indexOf(variant);
    return PALETTE.get(Math.floorMod(i, PALETTE.size()));
  }

  /**
   * mAP@all (tie-aware) against code length, one line per variant, error bars = std over seeds
   * (a variant without runs at some code length is drawn with a gap and without error bars).
   */
  public static CategoryChart mapVsBits(ExperimentResults results) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title(results.name() + ": tie-aware mAP@all vs code length")
        .xAxisTitle("code length (bits)").yAxisTitle("mAP@all (tie-aware, mean ± std)").build();
    style(chart, results);
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setYAxisDecimalPattern("0.000");
    Map<String, Map<Integer, Tables.Stat>> stats =
        Tables.stats(results, r -> Tables.MapKind.TIE_AWARE.of(r, "all"));
    List<String> categories = results.bits().stream().map(String::valueOf).toList();
    for (String v : results.variants()) {
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (int b : results.bits()) {
        Tables.Stat s = stats.getOrDefault(v, Map.of()).get(b);
        y.add(s == null ? null : s.mean());
        err.add(s == null || Double.isNaN(s.std()) ? 0.0 : s.std());
      }
      if (y.stream().allMatch(Objects::isNull)) {
        continue;
      }
      // XChart cannot combine error bars with gaps: a variant missing a code length loses its bars
      CategorySeries s = y.contains(null)
          ? chart.addSeries(v, categories, y) : chart.addSeries(v, categories, y, err);
      paint(s, results, v);
    }
    return chart;
  }

  /**
   * Tie-aware mAP@all of each variant at one code length as a dot with error bars (std over
   * seeds; none with one seed), variants along the x axis in their order and colours: the
   * headline plot of an experiment with a single code length, where a plot against code length
   * would be a single point per variant.
   */
  public static XYChart mapByVariant(ExperimentResults results, int bits) {
    XYChart chart = xy(results, results.name() + ": tie-aware mAP@all by variant, " + bits
        + " bits", "variant", "mAP@all (tie-aware, mean ± std)");
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setMarkerSize(12);
    chart.getStyler().setYAxisDecimalPattern("0.000");
    List<String> variants = results.variants();
    chart.getStyler().setXAxisMin(-0.5).setXAxisMax(variants.size() - 0.5);
    chart.getStyler().setXAxisMaxLabelCount(variants.size() + 2);
    chart.setCustomXAxisTickLabelsFormatter(x -> {
      int i = (int) Math.round(x);
      return Math.abs(x - i) < 1e-9 && i >= 0 && i < variants.size() ? variants.get(i) : " ";
    });
    Map<String, Map<Integer, Tables.Stat>> stats =
        Tables.stats(results, r -> Tables.MapKind.TIE_AWARE.of(r, "all"));
    for (int i = 0; i < variants.size(); i++) {
      Tables.Stat s = stats.getOrDefault(variants.get(i), Map.of()).get(bits);
      if (s == null) {
        continue;
      }
      double err = Double.isNaN(s.std()) ? 0 : s.std();
      XYSeries series = chart.addSeries(variants.get(i), new double[] {i},
          new double[] {s.mean()}, new double[] {err});
      paint(series, results, variants.get(i));
    }
    return chart;
  }

  /**
   * Precision-recall curves from Hamming-radius ranking (radius 0..K) at one code length,
   * averaged over seeds element-wise; undefined points are left out.
   */
  public static XYChart precisionRecall(ExperimentResults results, int bits) {
    XYChart chart = xy(results, results.name() + ": precision-recall by Hamming radius, "
        + bits + " bits", "recall", "precision");
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    for (String v : results.variants()) {
      List<RunRecord> runs = results.finished(v, bits).stream()
          .filter(r -> !recall(r).isEmpty()).toList();
      if (runs.isEmpty()) {
        continue;
      }
      int len = runs.stream().mapToInt(r -> recall(r).size()).min().orElse(0);
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < len; i++) {
        final int k = i;
        double rec = mean(runs, r -> Tables.value(recall(r).get(k)));
        double prec = mean(runs, r -> Tables.value(r.metrics().retrieval().prRadius().precision()
            .get(k)));
        if (!Double.isNaN(rec) && !Double.isNaN(prec)) {
          x.add(rec);
          y.add(prec);
        }
      }
      addXY(chart, results, v, x, y);
    }
    return chart;
  }

  /** Precision@N against N (log axis when N spans two decades) at one code length. */
  public static XYChart precisionAtN(ExperimentResults results, int bits) {
    XYChart chart = xy(results, results.name() + ": precision@N, " + bits + " bits",
        "N (top-N retrieved)", "precision@N");
    TreeSet<Integer> all = new TreeSet<>();
    for (String v : results.variants()) {
      List<RunRecord> runs = results.finished(v, bits).stream()
          .filter(r -> r.metrics().retrieval() != null).toList();
      Set<Integer> ns = new TreeSet<>();
      runs.forEach(r -> ns.addAll(Tables.precisionAtN(r).keySet()));
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int n : ns) {
        double p = mean(runs, r -> Tables.precisionAt(r, n));
        if (!Double.isNaN(p)) {
          x.add((double) n);
          y.add(p);
        }
      }
      all.addAll(ns);
      addXY(chart, results, v, x, y);
    }
    if (!all.isEmpty() && all.first() > 0 && all.last() >= 100L * all.first()) {
      chart.getStyler().setXAxisLogarithmic(true);
    }
    return chart;
  }

  /** Total training loss per epoch (history.csv), mean over seeds, at one code length. */
  public static XYChart lossCurves(ExperimentResults results, int bits) {
    return lossCurves(results, bits, "loss");
  }

  /**
   * One loss column of history.csv per epoch, mean over seeds, at one code length.
   *
   * @param column one of {@link #LOSS_COLUMNS}
   * @throws IllegalArgumentException for another column name
   */
  public static XYChart lossCurves(ExperimentResults results, int bits, String column) {
    ToDoubleFunction<HistoryRow> value = switch (column) {
      case "loss" -> HistoryRow::loss;
      case "pairwise" -> HistoryRow::pairwise;
      case "classification" -> HistoryRow::classification;
      case "quantization" -> HistoryRow::quantization;
      default -> throw new IllegalArgumentException("unknown loss column '" + column
          + "', expected one of " + LOSS_COLUMNS);
    };
    String what = column.equals("loss") ? "training loss" : column + " loss term";
    XYChart chart = xy(results, results.name() + ": " + what + ", " + bits + " bits", "epoch",
        what + " (mean over seeds)");
    for (String v : results.variants()) {
      Map<Integer, double[]> byEpoch = new TreeMap<>();
      for (RunRecord r : results.finished(v, bits)) {
        for (HistoryRow h : r.history()) {
          double x = value.applyAsDouble(h);
          if (!Double.isNaN(x)) {
            double[] acc = byEpoch.computeIfAbsent(h.epoch(), e -> new double[2]);
            acc[0] += x;
            acc[1]++;
          }
        }
      }
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      byEpoch.forEach((e, acc) -> {
        x.add(e.doubleValue());
        y.add(acc[0] / acc[1]);
      });
      addXY(chart, results, v, x, y);
    }
    return chart;
  }

  /**
   * Total parameter counts (millions) as bars grouped by code length, one bar colour per
   * variant, values printed on the bars.
   */
  public static CategoryChart parameterBars(ExperimentResults results) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title(results.name() + ": total parameters").xAxisTitle("code length (bits)")
        .yAxisTitle("parameters (millions)").build();
    style(chart, results);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(90);
    chart.getStyler().setYAxisDecimalPattern("0.000");
    chart.getStyler().setYAxisMin(0.0);
    List<String> categories = results.bits().stream().map(String::valueOf).toList();
    for (String v : results.variants()) {
      List<Double> y = new ArrayList<>();
      boolean any = false;
      for (int b : results.bits()) {
        long total = results.finished(v, b).stream()
            .mapToLong(r -> Tables.count(r, RunMetrics.Params::total)).filter(t -> t >= 0)
            .findFirst().orElse(-1);
        y.add(total < 0 ? null : total / 1e6);
        any |= total >= 0;
      }
      if (any) {
        CategorySeries s = chart.addSeries(v, categories, y);
        s.setFillColor(colour(results, v));
      }
    }
    return chart;
  }

  /**
   * Hamming distances of query–database pairs at one code length (metrics.json's {@code
   * diagnostics.hamming_histogram}): per variant, the share of its similar pairs (solid line)
   * and of its dissimilar pairs (dashed, same colour) at each distance 0..K, averaged over the
   * seeds that have diagnostics. Well-separated curves mean similar items get close codes.
   */
  public static XYChart hammingHistogram(ExperimentResults results, int bits) {
    XYChart chart = xy(results, results.name() + ": Hamming distances of query–database pairs, "
        + bits + " bits", "Hamming distance", "share of pairs (mean over seeds)");
    for (String v : results.variants()) {
      List<RunMetrics.HammingHistogram> hs = results.finished(v, bits).stream()
          .map(r -> r.metrics().diagnostics()).filter(Objects::nonNull)
          .map(RunMetrics.Diagnostics::hammingHistogram).filter(Objects::nonNull).toList();
      if (hs.isEmpty()) {
        continue;
      }
      for (boolean similar : new boolean[] {true, false}) {
        int len = hs.stream().mapToInt(h -> h.fractions(similar).size()).min().orElse(0);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int d = 0; d < len; d++) {
          final int k = d;
          double share = hs.stream().mapToDouble(h -> h.fractions(similar).get(k))
              .filter(f -> !Double.isNaN(f)).average().orElse(Double.NaN);
          if (!Double.isNaN(share)) {
            x.add((double) d);
            y.add(share);
          }
        }
        if (x.isEmpty()) {
          continue;
        }
        XYSeries s = chart.addSeries(v + (similar ? ": similar" : ": dissimilar"), x, y);
        paint(s, results, v);
        if (!similar) {
          s.setLineStyle(SeriesLines.DASH_DASH);
          s.setMarker(SeriesMarkers.NONE);
        }
      }
    }
    return chart;
  }

  /**
   * Every plot of the report keyed by file stem: map_vs_bits (map_by_variant when there is one
   * code length), then per code length pr_, p_at_n_, loss_ and hamming_ ({@code <bits>bits}),
   * then parameters. Plots without data are left out.
   */
  public static Map<String, Chart<?, ?>> all(ExperimentResults results) {
    Map<String, Chart<?, ?>> out = new LinkedHashMap<>();
    if (results.bits().size() == 1) {
      out.put("map_by_variant", mapByVariant(results, results.bits().get(0)));
    } else {
      out.put("map_vs_bits", mapVsBits(results));
    }
    for (int b : results.bits()) {
      out.put("pr_" + b + "bits", precisionRecall(results, b));
      out.put("p_at_n_" + b + "bits", precisionAtN(results, b));
      out.put("loss_" + b + "bits", lossCurves(results, b));
      out.put("hamming_" + b + "bits", hammingHistogram(results, b));
    }
    out.put("parameters", parameterBars(results));
    out.values().removeIf(c -> c.getSeriesCollection().isEmpty());
    return out;
  }

  /** A chart as PNG bytes, {@value #WIDTH}x{@value #HEIGHT} unless the chart says otherwise. */
  public static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode plot '" + chart.getTitle() + "' as PNG", e);
    }
  }

  /**
   * Writes a chart as {@code <stem>.png} and {@code <stem>.svg} into a folder (created).
   *
   * @return the PNG and SVG paths
   */
  public static List<Path> write(Chart<?, ?> chart, Path dir, String stem) {
    return write(chart, png(chart), dir, stem);
  }

  /**
   * Writes a chart's PNG bytes (from {@link #png}) as {@code <stem>.png} and the chart as
   * {@code <stem>.svg} into a folder (created).
   *
   * @return the PNG and SVG paths
   */
  public static List<Path> write(Chart<?, ?> chart, byte[] pngBytes, Path dir, String stem) {
    Path png = dir.resolve(stem + ".png");
    Path svg = dir.resolve(stem + ".svg");
    try {
      Files.createDirectories(dir);
      Files.write(png, pngBytes);
      try (OutputStream out = Files.newOutputStream(svg)) {
        VectorGraphicsEncoder.saveVectorGraphic(chart, out,
            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + png + " / " + svg, e);
    }
    return List.of(png, svg);
  }

  private static XYChart xy(ExperimentResults results, String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(x).yAxisTitle(y).build();
    style(chart, results);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    return chart;
  }

  private static void addXY(XYChart chart, ExperimentResults results, String v, List<Double> x,
      List<Double> y) {
    if (!x.isEmpty()) {
      XYSeries s = chart.addSeries(v, x, y);
      paint(s, results, v);
    }
  }

  private static void paint(MarkerSeries s, ExperimentResults results, String v) {
    Color c = colour(results, v);
    s.setLineColor(c);
    s.setMarkerColor(c);
    s.setMarker(MARKERS.get(Math.floorMod(results.variants().indexOf(v), MARKERS.size())));
    s.setLineWidth(2f);
  }

  private static void style(Chart<? extends AxesChartStyler, ?> chart, ExperimentResults results) {
    AxesChartStyler st = chart.getStyler();
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setPlotBorderVisible(true);
    st.setPlotBorderColor(Color.GRAY);
    st.setPlotGridLinesColor(new Color(0xDDDDDD));
    st.setPlotGridLinesStroke(new BasicStroke(1f));
    st.setLegendBorderColor(Color.LIGHT_GRAY);
    List<String> variants = results.variants();
    int labelChars = variants.stream().mapToInt(String::length).sum();
    // below the plot, so the plot and its title keep the chart's full width
    st.setLegendPosition(LegendPosition.OutsideS);
    st.setLegendLayout(variants.size() <= 5 && labelChars <= 60
        ? LegendLayout.Horizontal : LegendLayout.Vertical);
  }

  /** Recall by Hamming radius of a run, empty if absent. */
  private static List<Double> recall(RunRecord r) {
    RunMetrics.Retrieval ret = r.metrics().retrieval();
    return ret == null || ret.prRadius() == null || ret.prRadius().recall() == null
        ? List.of() : ret.prRadius().recall();
  }

  private static double mean(List<RunRecord> runs, ToDoubleFunction<RunRecord> f) {
    return runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
  }
}
