package io.dpfah.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalGalleryTest {
  private static final Pattern FIGURE = Pattern.compile(
      "<figure class=\"(\\w+)\"[^>]*><img src=\"data:image/png;base64,[A-Za-z0-9+/=]+\"[^>]*>"
          + "<figcaption>([^<]*)");

  @TempDir Path tmp;

  /** The (class, first caption line) of each figure of each gallery row. */
  private static List<List<String[]>> rows(String html) {
    List<List<String[]>> rows = new ArrayList<>();
    for (String row : html.split("<div class=\"gallery-row\">")) {
      Matcher m = FIGURE.matcher(row);
      List<String[]> figures = new ArrayList<>();
      while (m.find()) {
        figures.add(new String[] {m.group(1), m.group(2)});
      }
      if (!figures.isEmpty()) {
        rows.add(figures);
      }
    }
    return rows;
  }

  @Test
  void eachQueryShowsItsTenNearestFramedByWhetherTheyShareItsLabel() {
    Path run = GalleryFixture.write(tmp.resolve("gallery"));
    RetrievalGallery g = RetrievalGallery.of(run, 4, 7, new RunData.Loader());
    assertEquals(RetrievalGallery.chooseQueries(GalleryFixture.QUERIES, 4, 7), g.queries());
    assertEquals(4, g.queries().size());
    List<List<String[]>> rows = rows(g.html());
    assertEquals(4, rows.size());
    int framed = 0;
    for (int r = 0; r < rows.size(); r++) {
      int q = g.queries().get(r);
      List<String[]> figures = rows.get(r);
      assertEquals(11, figures.size(), "query + 10 neighbours");
      assertEquals("query", figures.get(0)[0]);
      assertEquals("query " + q, figures.get(0)[1]);
      for (int i = 0; i < 10; i++) {
        int db = GalleryFixture.TOP10[i];
        String expected = db % 2 == q % 2 ? "relevant" : "irrelevant";
        assertEquals(expected, figures.get(i + 1)[0], "query " + q + ", rank " + (i + 1));
        assertEquals("d = " + GalleryFixture.TOP10_DISTANCE[i], figures.get(i + 1)[1]);
        framed++;
      }
    }
    assertEquals(4 * 10, framed);
    assertTrue(g.html().startsWith("<style>"), "styles included for a notebook cell");
    assertTrue(g.summary().contains("4 queries (seed 7), top 10 of 12 database items, 8 bits"),
        g.summary());
  }

  @Test
  void theQueryChoiceIsSeededDistinctAndAscending() {
    List<Integer> a = RetrievalGallery.chooseQueries(1000, 5, 1);
    assertEquals(a, RetrievalGallery.chooseQueries(1000, 5, 1));
    assertNotEquals(a, RetrievalGallery.chooseQueries(1000, 5, 2));
    assertEquals(5, a.stream().distinct().count());
    assertEquals(a.stream().sorted().toList(), a);
    assertEquals(List.of(0, 1, 2), RetrievalGallery.chooseQueries(3, 5, 1));
  }

  @Test
  void withoutCodesOrDataItSaysWhichFileOrDataSetIsMissing() throws Exception {
    Path run = GalleryFixture.write(tmp.resolve("gallery"));
    Files.delete(run.resolve("db_codes.npy"));
    SearchException noCodes = assertThrows(SearchException.class,
        () -> RetrievalGallery.of(run, 5, 1, new RunData.Loader()));
    assertTrue(noCodes.getMessage().contains("no db_codes.npy"), noCodes.getMessage());

    Path other = GalleryFixture.write(tmp.resolve("other"));
    String spec = Files.readString(other.resolve("spec.yaml"));
    Files.writeString(other.resolve("spec.yaml"), spec.substring(0, spec.indexOf("data:"))
        + "data: {dataset: image-folder, root: " + tmp.resolve("absent") + ", protocol: cifar10}\n"
        + spec.substring(spec.indexOf("model:")));
    io.dpfah.data.DataException noData = assertThrows(io.dpfah.data.DataException.class,
        () -> RetrievalGallery.of(other, 5, 1, new RunData.Loader()));
    assertTrue(noData.getMessage().contains(tmp.resolve("absent").toString()),
        noData.getMessage());
  }
}
