package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.ResultsReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

class PlotsTest {

  @TempDir Path exp;
  ExperimentResults res;

  @BeforeEach
  void setUp() {
    SweepFixture.write(exp);
    res = ResultsReader.read(exp);
  }

  @Test
  void mapVsBitsMeansAndErrorBars() {
    CategoryChart c = Plots.mapVsBits(res);
    assertEquals(List.of("none", "pfa", "se"), names(c));
    CategorySeries pfa = c.getSeries("pfa");
    assertArrayEquals(new double[] {0.575, 0.72}, pfa.getYData(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(2 * 0.025 * 0.025), 0.02}, pfa.getExtraValues(),
        1e-12);
    assertEquals(Plots.WIDTH, c.getWidth());
    assertEquals(Plots.HEIGHT, c.getHeight());
  }

  @Test
  void coloursFollowVariantOrderInEveryPlot() {
    assertEquals(Plots.PALETTE.get(1), Plots.colour(res, "pfa"));
    assertEquals(Plots.PALETTE.get(1), Plots.mapVsBits(res).getSeries("pfa").getLineColor());
    assertEquals(Plots.PALETTE.get(1),
        Plots.precisionRecall(res, 32).getSeries("pfa").getLineColor());
    assertEquals(Plots.PALETTE.get(2),
        Plots.parameterBars(res).getSeries("se").getFillColor());
    ExperimentResults reordered = res.withVariantOrder(List.of("se"));
    assertEquals(List.of("se", "none", "pfa"), reordered.variants());
    assertEquals(Plots.PALETTE.get(0),
        Plots.precisionAtN(reordered, 16).getSeries("se").getLineColor());
  }

  @Test
  void curvesAreSeedMeans() {
    XYChart loss = Plots.lossCurves(res, 32);
    assertEquals(List.of("pfa"), names(loss));
    assertArrayEquals(new double[] {1, 2}, loss.getSeries("pfa").getXData());
    assertArrayEquals(new double[] {2.5, 1.5}, loss.getSeries("pfa").getYData(), 1e-12);
    // pairwise = loss - 0.11 in the fixture history
    assertArrayEquals(new double[] {2.39, 1.39},
        Plots.lossCurves(res, 32, "pairwise").getSeries("pfa").getYData(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(res, 32, "lr"));
    XYChart pr = Plots.precisionRecall(res, 32);
    assertArrayEquals(new double[] {0.0, 0.72, 1.0}, pr.getSeries("pfa").getXData(),
        1e-12);
    assertArrayEquals(new double[] {1.0, 0.72, 0.5}, pr.getSeries("pfa").getYData(),
        1e-12);
    XYChart pan = Plots.precisionAtN(res, 32);
    assertArrayEquals(new double[] {1, 100}, pan.getSeries("none").getXData());
    assertArrayEquals(new double[] {0.74, 0.69}, pan.getSeries("none").getYData(), 1e-12);
    CategoryChart bars = Plots.parameterBars(res);
    double[] se = bars.getSeries("se").getYData();
    assertEquals(11.05, se[0], 1e-12);
    assertTrue(Double.isNaN(se[1]), "no bar where the count is unknown: " + se[1]);
  }

  @Test
  void allSkipsEmptyPlots() {
    assertEquals(List.of("map_vs_bits", "pr_16bits", "p_at_n_16bits", "pr_32bits",
        "p_at_n_32bits", "loss_32bits", "parameters"), List.copyOf(Plots.all(res).keySet()));
  }

  private static List<String> names(Chart<?, ?> chart) {
    return chart.getSeriesCollection().stream().map(s -> s.getName()).toList();
  }
}
