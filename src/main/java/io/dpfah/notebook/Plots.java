package io.dpfah.notebook;

import io.dpfah.data.RawImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;

/**
 * Charts for notebooks. The result plots delegate to {@link io.dpfah.report.Plots} (the report's
 * own charts); the image helpers return {@link BufferedImage}s. The kernel shows both as PNG when
 * they end a cell.
 */
public final class Plots {
  private static final int LABEL_HEIGHT = 16;

  private Plots() {}

  /** Tie-aware mAP@all against code length, one bar group per code length. */
  public static CategoryChart mapVsBits(Results results) {
    return io.dpfah.report.Plots.mapVsBits(results.data());
  }

  /** Precision-recall curves over Hamming radius at one code length, one line per variant. */
  public static XYChart precisionRecall(Results results, int bits) {
    return io.dpfah.report.Plots.precisionRecall(results.data(), bits);
  }

  /** Precision@N against N at one code length. */
  public static XYChart precisionAtN(Results results, int bits) {
    return io.dpfah.report.Plots.precisionAtN(results.data(), bits);
  }

  /** Training loss per epoch at one code length. */
  public static XYChart loss(Results results, int bits) {
    return io.dpfah.report.Plots.lossCurves(results.data(), bits);
  }

  /** Parameter counts per variant. */
  public static CategoryChart parameters(Results results) {
    return io.dpfah.report.Plots.parameterBars(results.data());
  }

  /**
   * Hamming distances of similar (solid) and dissimilar (dashed) query–database pairs at one
   * code length, per variant (diagnostics computed from saved codes where metrics.json has none).
   */
  public static XYChart hammingHistogram(Results results, int bits) {
    return io.dpfah.report.Plots.hammingHistogram(results.withDiagnostics(), bits);
  }

  /** A heat map of a 2-D array ({@code map[y][x]}), row 0 at the top. */
  public static HeatMapChart heatmap(float[][] map, String title) {
    int h = map.length;
    int w = map[0].length;
    HeatMapChart chart = new HeatMapChartBuilder().width(420).height(360).title(title).build();
    chart.getStyler().setShowValue(false).setLegendVisible(true);
    List<Number[]> cells = new ArrayList<>();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        cells.add(new Number[] {x, h - 1 - y, map[y][x]});
      }
    }
    List<Integer> xl = new ArrayList<>();
    List<Integer> yl = new ArrayList<>();
    for (int x = 0; x < w; x++) {
      xl.add(x);
    }
    for (int y = 0; y < h; y++) {
      yl.add(y);
    }
    chart.addSeries("weights", xl, yl, cells);
    return chart;
  }

  /** A grey-scale (or RGB) image scaled up {@code scale} times with nearest-neighbour pixels. */
  public static BufferedImage image(RawImage img, int scale) {
    int h = img.height();
    int w = img.width();
    BufferedImage out = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h * scale; y++) {
      for (int x = 0; x < w * scale; x++) {
        int p = (y / scale) * w + x / scale;
        int r = img.pixels()[p] & 0xff;
        int g = img.channels() == 3 ? img.pixels()[h * w + p] & 0xff : r;
        int b = img.channels() == 3 ? img.pixels()[2 * h * w + p] & 0xff : r;
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /**
   * A 2-D map as a colour image of {@code size}×{@code size} pixels (nearest neighbour), colour
   * scale from {@code lo} (dark blue) to {@code hi} (yellow); values outside are clipped.
   */
  public static BufferedImage image(float[][] map, int size, double lo, double hi) {
    int h = map.length;
    int w = map[0].length;
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    double span = hi > lo ? hi - lo : 1;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double t = (map[y * h / size][x * w / size] - lo) / span;
        out.setRGB(x, y, colour(Math.max(0, Math.min(1, t))));
      }
    }
    return out;
  }

  /** A 2-D map as a colour image scaled to its own min..max. */
  public static BufferedImage image(float[][] map, int size) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (float[] row : map) {
      for (float v : row) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return image(map, size, lo, hi);
  }

  /**
   * A grid: one row per sample, first column the image, then one column per variant showing its
   * channel-averaged weights at {@code block}, each map scaled to its own min..max (the ranges are
   * in {@link Attention#summary}). Cells are {@code cell} pixels wide, with labels above.
   */
  public static BufferedImage attentionGrid(
      List<Attention.Sample> samples, List<AttentionMaps> variants, int block, int cell) {
    int cols = 1 + variants.size();
    int rowH = cell + LABEL_HEIGHT;
    BufferedImage out = new BufferedImage(cols * (cell + 4), samples.size() * rowH + LABEL_HEIGHT,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setColor(Color.BLACK);
      String where = variants.isEmpty() ? "" : variants.get(0).blockNames().get(block);
      g.drawString("block " + where, 2, 12);
      for (int i = 0; i < samples.size(); i++) {
        int top = LABEL_HEIGHT + i * rowH;
        g.setColor(Color.BLACK);
        g.drawString(samples.get(i).label(), 2, top + 12);
        RawImage img = samples.get(i).image();
        g.drawImage(scaled(image(img, 1), cell), 0, top + LABEL_HEIGHT, null);
        for (int v = 0; v < variants.size(); v++) {
          int left = (v + 1) * (cell + 4);
          g.setColor(Color.BLACK);
          g.drawString(variants.get(v).attention(), left + 2, top + 12);
          g.drawImage(image(variants.get(v).map(i, block), cell), left, top + LABEL_HEIGHT, null);
        }
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage scaled(BufferedImage src, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        out.setRGB(x, y, src.getRGB(x * src.getWidth() / size, y * src.getHeight() / size));
      }
    }
    return out;
  }

  /** A blue → green → yellow colour scale (viridis-like) for t in [0, 1]. */
  static int colour(double t) {
    double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    double p = t * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) p);
    double f = p - i;
    int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
    int gr = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
    int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
    return (r << 16) | (gr << 8) | b;
  }
}
