package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/**
 * The report page of {@link SweepFixture#writeWithRunFiles}: layout, self-containment, links,
 * best values, settings, provenance and the diagnostics section.
 */
class ReportPageTest {

  @TempDir static Path exp;
  static ReportSummary summary;
  static String html;

  @BeforeAll
  static void build() throws Exception {
    SweepFixture.writeWithRunFiles(exp);
    summary = ReportBuilder.build(exp);
    html = Files.readString(summary.indexHtml());
  }

  @Test
  void selfContainedEveryPlotEmbeddedNoScriptNoExternalResource() throws Exception {
    Matcher img = Pattern.compile("<img ([^>]*)>").matcher(html);
    int images = 0;
    while (img.find()) {
      images++;
      assertTrue(img.group(1).startsWith("src=\"data:image/png;base64,"), img.group(1)
          .substring(0, Math.min(80, img.group(1).length())));
    }
    assertEquals(summary.plots().size(), images, "one embedded image per plot");
    Matcher fig = Pattern.compile("<figure id=\"plot-([^\"]+)\"><img src=\"data:image/png;base64,"
        + "([^\"]+)\"").matcher(html);
    assertTrue(fig.find());
    assertArrayEquals(Files.readAllBytes(exp.resolve("report/plots/" + fig.group(1) + ".png")),
        Base64.getDecoder().decode(fig.group(2)), "the embedded PNG is the plot file");
    for (String bad : List.of("<script", "<link", "<iframe", "src=\"http", "url(", "@import")) {
      assertFalse(html.contains(bad), "the page must not load anything: " + bad);
    }
  }

  @Test
  void headlineTableAndPlotComeFirstSideBySideThenTheRest() {
    int headline = html.indexOf("<h2 id=\"headline\">");
    int table = html.indexOf("<table id=\"table-map_tie_aware_all\">");
    int plot = html.indexOf("<figure id=\"plot-map_vs_bits\">");
    assertTrue(headline > 0 && headline < table && table < plot, "headline section first");
    for (String later : List.of("id=\"map\"", "id=\"precision\"", "id=\"diagnostics\"",
        "id=\"cost\"", "id=\"runs\"", "id=\"provenance\"")) {
      assertTrue(html.indexOf(later) > plot, later + " after the headline plot");
    }
    String between = html.substring(html.lastIndexOf("<div class=\"pair\">", table), plot);
    assertEquals(1, count(between, "<div class=\"pair\">"), "table and plot in one row");
    assertTrue(between.contains("<table id=\"table-settings\">"), "settings beside the results");
    // each plot beside its table
    String pAtN = html.substring(html.indexOf("<table id=\"table-p_at_n_16bits\">"),
        html.indexOf("<figure id=\"plot-p_at_n_16bits\">"));
    assertFalse(pAtN.contains("<div class=\"pair\">"), "P@N plot beside its table");
  }

  @Test
  void tableOfContentsLinksEverySectionAndNoTitleIsPrintedTwice() {
    Matcher toc = Pattern.compile("<li><a href=\"#([^\"]+)\">([^<]+)</a></li>").matcher(html);
    List<String> ids = new ArrayList<>();
    while (toc.find()) {
      ids.add(toc.group(1));
      assertTrue(html.contains("<h2 id=\"" + toc.group(1) + "\">" + toc.group(2) + "</h2>"),
          toc.group(0));
    }
    assertEquals(List.of("headline", "problems", "map", "precision", "diagnostics",
        "classification", "cost", "runs", "retrieval-examples", "provenance"), ids);
    assertFalse(html.contains("<h3"), "captions are the table titles");
    Matcher title = Pattern.compile("<(h1|h2|caption|summary|figcaption)[^>]*>([^<]+)")
        .matcher(html);
    java.util.Set<String> seen = new java.util.HashSet<>();
    int captions = 0;
    while (title.find()) {
      captions += title.group(1).equals("caption") ? 1 : 0;
      String text = title.group(2).strip();
      if (!text.equals("Files:")) {
        assertTrue(seen.add(text), "title printed twice: " + text);
      }
    }
    assertTrue(captions >= 15, "captions found: " + captions);
    Matcher alt = Pattern.compile("alt=\"([^\"]+)\"").matcher(html);
    while (alt.find()) {
      assertEquals(1, count(html, alt.group(1)), "a plot title appears only in its image: "
          + alt.group(1));
    }
  }

  @Test
  void bestMeanPerColumnIsBold() {
    String t = section("<table id=\"table-map_tie_aware_all\">", "</table>");
    assertEquals(2, count(t, "class=\"best\""), t);
    assertTrue(t.contains("<td class=\"best\">0.600 [n=1]</td>"), t);
    assertTrue(t.contains("<td class=\"best\">0.720 ± 0.020 [n=3]</td>"), t);
    String paired = section("<table id=\"table-paired_map_tie_aware_all\">", "</table>");
    assertFalse(paired.contains("best"), "differences are not ranked");
  }

  @Test
  void runsLinkToTheirFolderAndSpec() throws Exception {
    String id = "attention=none,bits=16,seed=1";
    String link = "<a href=\"../" + id + "/\">" + id + "</a><a class=\"spec\" href=\"../" + id
        + "/spec.yaml\">spec.yaml</a>";
    assertTrue(html.contains(link), "runs table links");
    Path spec = Path.of(exp.resolve("report").toUri().resolve(new URI(null, null,
        "../" + id + "/spec.yaml", null)));
    assertTrue(Files.isRegularFile(spec), spec.toString());
  }

  @Test
  void settingsThatDifferAreShownPerVariantAndTheSharedOnesListed() {
    String t = section("<table id=\"table-settings\">", "</table>");
    assertTrue(t.contains("<th>variant</th><th>model.attention</th><th>optim.lr</th></tr>"), t);
    assertTrue(t.contains("<tr><td>pfa</td><td>pfa</td><td>0.001 / 0.01</td></tr>"), t);
    assertTrue(t.contains("<tr><td>none</td><td>none</td><td>0.001</td></tr>"), t);
    String common = section("<table id=\"table-settings_common\">", "</table>");
    assertTrue(common.contains("<tr><td>optim.epochs</td><td>6</td></tr>"), common);
    assertTrue(common.contains("<tr><td>eval.topk</td><td>[all, 1000]</td></tr>"), common);
    assertFalse(common.contains("model.attention"), common);
  }

  @Test
  void provenanceSummarisesCommitsVersionsAndWallTime() {
    String t = section("<table id=\"table-provenance\">", "</table>");
    assertTrue(t.contains("<td>0123456789ab (uncommitted changes) (1 run); 0123456789ab (11 runs)"
        + "</td>"), t);
    assertTrue(t.contains("<td>engine</td><td>PyTorch 2.7.1 (all)</td>"), t);
    assertTrue(t.contains("2026-01-10T10:00:00Z … 2026-01-21T10:00:00Z"), t);
    // 12 finished runs of 20 s; training 10+12+14 s (none@16) + 9 × 20 s
    assertTrue(t.contains("4 min 00 s in total, 3 min 36 s of it training"), t);
    assertEquals("12.5 s", ProvenanceTable.duration(12.5));
    assertEquals("1 h 01 min 05 s", ProvenanceTable.duration(3665));
  }

  @Test
  void diagnosticsSectionHasTheRunsTableTheHistogramPlotAndSaysWhatIsMissing() {
    String s = section("<h2 id=\"diagnostics\">", "<h2 id=\"classification\">");
    assertTrue(s.contains("10 of 12 finished runs have no code diagnostics"), s);
    assertTrue(s.contains("<figure id=\"plot-hamming_16bits\">"), s);
    assertFalse(s.contains("plot-hamming_32bits"), "no 32-bit run has diagnostics");
    String row = section("attention=none,bits=16,seed=1</a>", "</tr>");
    // balance 0.25..0.5; mean entropy (15 + H(1/4)) / 16; similar at 0..3 (mean 1.0), dissimilar
    // at 8..12 (mean 10)
    double entropy = (15 - (0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)) / Math.log(2)) / 16;
    assertTrue(row.contains("<td class=\"num\">0.25</td><td class=\"num\">0.5</td>"
        + "<td class=\"num\">" + Tables.text(tech.tablesaw.api.DoubleColumn.create("x",
            Math.round(entropy * 1e4) / 1e4), 0) + "</td><td class=\"num\">0.125</td>"
        + "<td class=\"num\">7</td><td class=\"num\">3</td><td class=\"num\">0.3</td>"
        + "<td class=\"num\">1</td><td class=\"num\">10</td>"), row);

    XYChart h = Plots.hammingHistogram(summary.results(), 16);
    assertEquals(List.of("none: similar", "none: dissimilar", "pfa: similar", "pfa: dissimilar"),
        h.getSeriesCollection().stream().map(x -> x.getName()).toList());
    assertArrayEquals(new double[] {0.4, 0.3, 0.2, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        h.getSeries("none: similar").getYData(), 1e-12);
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 0},
        h.getSeries("pfa: dissimilar").getYData(), 1e-12);
  }

  private static String section(String from, String to) {
    int i = html.indexOf(from);
    assertTrue(i >= 0, "no " + from);
    return html.substring(i, html.indexOf(to, i + from.length()) + to.length());
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
