package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.ResultsReader;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportBuilderTest {

  @TempDir static Path exp;
  static ReportSummary summary;

  @BeforeAll
  static void build() {
    SweepFixture.write(exp);
    summary = ReportBuilder.build(exp);
  }

  @Test
  void writesTablesAsCsvAndMarkdown() throws Exception {
    Path tables = exp.resolve("report/tables");
    for (String stem : summary.tables().keySet()) {
      assertTrue(Files.isRegularFile(tables.resolve(stem + ".csv")), stem);
      assertTrue(Files.isRegularFile(tables.resolve(stem + ".md")), stem);
    }
    assertTrue(summary.tables().keySet().containsAll(List.of("map_tie_aware_all",
        "map_combined_all", "map_stable_all", "map_tie_aware_1000", "map_stable_1000",
        "p_at_n_16bits", "p_at_n_32bits", "p_r2", "parameters", "timing", "runs", "summary")));
    String md = Files.readString(tables.resolve("map_tie_aware_all.md"));
    assertTrue(md.contains("0.640 ± 0.026"), md);
    assertEquals("**Tie-aware mAP@all (mean ± std over seeds, n per cell)**\n\n"
        + Tables.toMarkdown(Tables.mapTable(summary.results())), summary.headlineMarkdown());
  }

  @Test
  void plotsArePngOfDefaultSizeAndSvg() throws Exception {
    assertEquals(7, summary.plots().size());
    byte[] pngMagic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (String stem : summary.plots()) {
      Path png = exp.resolve("report/plots/" + stem + ".png");
      byte[] head;
      try (InputStream in = Files.newInputStream(png)) {
        head = in.readNBytes(8);
      }
      assertArrayEquals(pngMagic, head, stem);
      BufferedImage img = ImageIO.read(png.toFile());
      assertEquals(Plots.WIDTH, img.getWidth(), stem);
      assertEquals(Plots.HEIGHT, img.getHeight(), stem);
      Document svg = f.newDocumentBuilder()
          .parse(exp.resolve("report/plots/" + stem + ".svg").toFile());
      assertEquals("svg", svg.getDocumentElement().getNodeName(), stem);
    }
  }

  @Test
  void htmlShowsTablesPlotsFailuresAndNote() throws Exception {
    String html = Files.readString(summary.indexHtml());
    assertEquals(exp.resolve("report/index.html"), summary.indexHtml());
    assertTrue(html.contains("<h1>ablation-attention</h1>"));
    assertTrue(html.contains("14 runs: 12 finished, 1 failed, 1 unfinished"), html);
    assertTrue(html.contains("<td>0.640 ± 0.026 [n=3]</td>"), html);
    assertTrue(html.contains("<td>0.530 (0.550) [n=3]</td>"), html);
    assertTrue(html.contains("NaN loss at epoch 3"));
    assertTrue(html.contains("attention=se,bits=32,seed=1"));
    assertTrue(html.contains("Tie-aware vs stable mAP"));
    for (String stem : summary.plots()) {
      assertTrue(html.contains("<figure id=\"plot-" + stem + "\"><img src=\"data:image/png;"
          + "base64,"), stem);
    }
    assertEquals(summary.tables().size() - 2 + 1, html.split("<table", -1).length - 1,
        "every table but the long summary and the settings table (no spec.yaml: nothing"
            + " differs), plus the not-finished table");
    assertTrue(html.contains("<p class=\"note\">No code diagnostics: these runs were written"
        + " before dpfah recorded them"), "one line instead of the diagnostics");
  }

  @Test
  void runsWithoutCodesGetOneLineInsteadOfAGallery() throws Exception {
    String html = Files.readString(summary.indexHtml());
    assertTrue(html.contains("<h2 id=\"retrieval-examples\">Retrieval examples</h2>\n"
        + "<p class=\"note\">No retrieval gallery: no run folder holds its codes"), html);
    assertFalse(html.contains("<figure class="), "no gallery");
  }

  @Test
  void rebuildRemovesStalePlots() throws Exception {
    Path stale = exp.resolve("report/plots/pr_48bits.png");
    Files.write(stale, new byte[] {1});
    Path keep = exp.resolve("report/notes.txt");
    Files.writeString(keep, "mine");
    ReportBuilder.build(exp);
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(keep));
    assertEquals(12, ResultsReader.read(exp).finished().size());
    assertTrue(Arrays.stream(exp.resolve("report/plots").toFile().list())
        .anyMatch(n -> n.equals("map_vs_bits.svg")));
  }
}
