package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.MetricsFixtures;
import io.dpfah.search.GalleryFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's retrieval examples, from a run with hand-made codes over synthetic images. */
class ReportGalleryTest {
  @TempDir Path exp;

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aRunWithCodesGetsQueriesTimesTenFramedImagesAndOneWithoutIsNamed() throws Exception {
    Path run = GalleryFixture.write(exp);
    MetricsFixtures.finishedRun(exp, "none", GalleryFixture.BITS, 1, 0.4, 0.4, 11_000_000, 0, 10);
    String html = Files.readString(ReportBuilder.build(exp, 3, 5).indexHtml());
    String section = html.substring(html.indexOf("<h2 id=\"retrieval-examples\">"));
    assertEquals(3, count(section, "<figure class=\"query\""));
    int relevant = count(section, "<figure class=\"relevant\"");
    int irrelevant = count(section, "<figure class=\"irrelevant\"");
    assertEquals(30, relevant + irrelevant);
    // every query's top 10 holds 5 items of each label (see GalleryFixture.TOP10)
    assertEquals(15, relevant);
    assertTrue(section.contains("No gallery for 1 run(s) without saved codes: "
        + "attention=none,bits=8,seed=1."), section);
    assertTrue(section.contains("<summary>" + run.getFileName() + "</summary>"), section);
    assertTrue(html.contains(io.dpfah.search.Gallery.CSS), "gallery styles in the head");
    assertEquals(0, count(Files.readString(ReportBuilder.build(exp, 0, 5).indexHtml()),
        "<figure class="), "--gallery-queries 0: none");
  }
}
