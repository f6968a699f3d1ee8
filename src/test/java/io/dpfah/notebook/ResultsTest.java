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

  @Test
  void codesAreLoadedWhenTheNpyFilesExist(@TempDir Path tmp) throws Exception {
    Path exp = experiment(tmp);
    Path dir = exp.resolve("attention=pfa,bits=16,seed=1");
    Npy.writeInt8(dir.resolve("query_codes.npy"), new byte[] {1, -1, 1, 1}, 1, 4);
    Npy.writeInt8(dir.resolve("db_codes.npy"), new byte[] {1, -1, 1, 1, -1, -1, -1, -1}, 2, 4);
    Npy.writeInt32(dir.resolve("query_labels.npy"), new int[] {0}, 1);
    Npy.writeInt32(dir.resolve("db_labels.npy"), new int[] {0, 1}, 2);
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
}
