package io.dpfah.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.Npy;
import io.dpfah.notebook.kernel.Renderers;
import io.dpfah.results.MetricsFixtures;
import io.dpfah.search.GalleryFixture;
import io.dpfah.search.RetrievalGallery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ResultsTest {

  private static Path experiment(Path tmp) {
    Path exp = tmp.resolve("ablation");
    MetricsFixtures.finishedRun(exp, "none", 16, 1, 0.60, 0.62, 11_200_000, 0, 100);
    MetricsFixtures.finishedRun(exp, "none", 16, 2, 0.70, 0.72, 11_200_000, 0, 100);
    MetricsFixtures.finishedRun(exp, "pfa", 16, 1, 0.80, 0.81, 11_200_000, 0, 120);
    MetricsFixtures.failedRun(exp, "se", 16, 1, "boom");
    return exp;
  }

  @Test
  void tablesComeFromFinishedRunsOnly(@TempDir Path tmp) {
    Results res = Results.open(experiment(tmp));
    assertEquals(List.of(16), res.bits());
    assertEquals(List.of("none", "pfa"), res.variants());
    Table map = res.mapTable();
    assertEquals(2, map.rowCount());
    assertTrue(map.getString(0, 1).startsWith("0.650"), map.print());
    Table combined = res.combinedTable();
    assertEquals("0.800 (0.810) [n=1]", combined.getString(1, 1));
    assertEquals(4, res.runs().rowCount());
  }

  @Test
  void missingFolderAndMissingCodesAreExplained(@TempDir Path tmp) {
    NotebookException e = assertThrows(NotebookException.class,
        () -> Results.open(tmp.resolve("nope")));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    Results res = Results.open(experiment(tmp));
    String run = "attention=pfa,bits=16,seed=1";
    assertFalse(res.hasCodes(run));
    NotebookException codes = assertThrows(NotebookException.class, () -> res.codes(run));
    assertTrue(codes.getMessage().contains("gitignored"), codes.getMessage());
    assertTrue(codes.getMessage().contains("query_codes.npy"), codes.getMessage());
  }

  /** Query +-++ (class 0); database +-++ (class 0) and ---- (class 1). */
  private static void writeCodes(Path dir) {
    Npy.writeInt8(dir.resolve("query_codes.npy"), new byte[] {1, -1, 1, 1}, 1, 4);
    Npy.writeInt8(dir.resolve("db_codes.npy"), new byte[] {1, -1, 1, 1, -1, -1, -1, -1}, 2, 4);
    Npy.writeInt32(dir.resolve("query_labels.npy"), new int[] {0}, 1);
    Npy.writeInt32(dir.resolve("db_labels.npy"), new int[] {0, 1}, 2);
  }

  @Test
  void codesAreLoadedWhenTheNpyFilesExist(@TempDir Path tmp) throws Exception {
    Path exp = experiment(tmp);
    writeCodes(exp.resolve("attention=pfa,bits=16,seed=1"));
    EvalInputs.Loaded codes = Results.open(exp).codes("attention=pfa,bits=16,seed=1");
    assertEquals(2, codes.db().size());
    assertEquals(3, codes.query().distance(0, codes.db(), 1));
    assertTrue(Files.isDirectory(exp));
  }

  @Test
  void aGalleryOfARunWithCodesRendersAsHtmlAndOneWithoutIsExplained(@TempDir Path tmp) {
    Path exp = experiment(tmp);
    Path run = GalleryFixture.write(exp);
    Results res = Results.open(exp);
    RetrievalGallery g = res.gallery(run.getFileName().toString(), 2, 9);
    assertEquals(2, g.rows().size());
    assertEquals(10, g.rows().get(0).neighbours().size());
    DisplayData shown = Renderers.standard().render(g);
    String html = (String) shown.getData(MIMEType.TEXT_HTML);
    assertTrue(html.contains("<div class=\"dpfah-gallery\">"), html);
    assertTrue(((String) shown.getData(MIMEType.TEXT_PLAIN)).contains("2 queries (seed 9)"));
    NotebookException none = assertThrows(NotebookException.class,
        () -> res.gallery("attention=pfa,bits=16,seed=1"));
    assertTrue(none.getMessage().contains("gitignored"), none.getMessage());
  }

  @Test
  void openOrFallsBackLocallyButFailsUnderCi(@TempDir Path tmp) {
    Path exp = experiment(tmp);
    Results fallback = Results.open(exp);
    String missing = tmp.resolve("nope").toString();
    int[] calls = {0};
    java.util.function.Supplier<Results> substitute = () -> {
      calls[0]++;
      return fallback;
    };
    assertEquals(fallback, Results.openOr(missing, substitute, java.util.Map.of()));
    assertEquals(1, calls[0]);
    NotebookException e = assertThrows(NotebookException.class,
        () -> Results.openOr(missing, substitute, java.util.Map.of("CI", "true")));
    assertTrue(e.getMessage().startsWith(missing + " not found and CI=true"), e.getMessage());
    assertEquals(1, calls[0], "no fallback under CI");
    Results found = Results.openOr(exp.toString(), substitute, java.util.Map.of("CI", "true"));
    assertEquals(3, found.data().finished().size());
    assertEquals(1, calls[0]);
  }

  /**
   * A run whose metrics.json has no diagnostics gets them from its codes: query +-++ (class 0),
   * database +-++ (0) and ---- (1): balances 1/2, 0, 1/2, 1/2; distances 0 (similar) and 3
   * (dissimilar); two buckets of one, the query's holding half the database.
   */
  @Test
  void diagnosticsComeFromCodesWhenMetricsLackThem(@TempDir Path tmp) {
    Path exp = experiment(tmp);
    writeCodes(exp.resolve("attention=pfa,bits=16,seed=1"));
    Results res = Results.open(exp);
    var d = res.diagnostics("attention=pfa,bits=16,seed=1");
    assertEquals(List.of(0.5, 0.0, 0.5, 0.5), d.bitBalance());
    assertEquals(List.of(1L, 0L, 0L, 0L, 0L), d.hammingHistogram().similar());
    assertEquals(List.of(0L, 0L, 0L, 1L, 0L), d.hammingHistogram().dissimilar());
    assertEquals(0.5, d.buckets().queryBucketShare());
    Table t = res.diagnostics();
    assertEquals(1, t.rowCount(), "the two runs without codes or diagnostics are left out");
    assertEquals("attention=pfa,bits=16,seed=1", t.stringColumn("run_id").get(0));
    assertEquals(2, t.intColumn("distinct codes").get(0));
    assertEquals(3.0, t.doubleColumn("mean d dissimilar").get(0));
    var plot = Plots.hammingHistogram(res, 16);
    assertEquals(2, plot.getSeriesCollection().size());
    NotebookException e = assertThrows(NotebookException.class,
        () -> res.diagnostics("attention=none,bits=16,seed=1"));
    assertTrue(e.getMessage().contains("gitignored"), e.getMessage());
  }
}
