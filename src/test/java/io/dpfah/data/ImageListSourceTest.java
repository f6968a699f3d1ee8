package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.DataSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageListSourceTest {
  @TempDir Path root;

  private void images(String... names) throws Exception {
    for (String n : names) {
      ImageFolderSourceTest.png(root.resolve(n), 3, 3, 0x112233);
    }
  }

  @Test
  void multiHotListsConcatenatedDatabaseQueryTrain() throws Exception {
    images("img/a.png", "img/b.png", "img/c.png", "img/d.png");
    Files.writeString(root.resolve("db.txt"), "img/a.png 1 0 1\nimg/b.png 0 1 0\n\n");
    Files.writeString(root.resolve("q.txt"), "img/c.png 0 0 1\n");
    Files.writeString(root.resolve("tr.txt"), "img/d.png 1 1 0\nimg/a.png 1 0 1\n");
    ImageListSource s = ImageListSource.load(root, "tr.txt", "q.txt", "db.txt");
    assertEquals(5, s.size());
    assertArrayEquals(new int[] {0, 1}, s.databaseIndices());
    assertArrayEquals(new int[] {2}, s.queryIndices());
    assertArrayEquals(new int[] {3, 4}, s.trainIndices());
    assertTrue(s.labels().isMultiLabel());
    assertEquals(3, s.labels().numClasses());
    assertArrayEquals(new float[] {1, 0, 1}, s.labels().multiHot(0));
    assertArrayEquals(new float[] {1, 1, 0}, s.labels().multiHot(3));
    assertTrue(s.file(3).endsWith("img/d.png"));
    assertEquals(3, s.image(2).width());
    assertTrue(s.origin(1).contains("db.txt line 2"), s.origin(1));

    DataSpec spec = new DataSpec("image-list", root.toString(), "lists", 32, 3, "none", null,
        new DataSpec.ListsSpec("tr.txt", "q.txt", "db.txt"), null, 1, false);
    RetrievalData d = ProtocolRegistry.load(spec, 1);
    assertArrayEquals(new int[] {3, 4}, d.train());
    assertEquals(-1, d.defaultTopK());
    assertEquals(Splits.checksum(new int[] {2}), d.provenance().get("querySha256"));
  }

  @Test
  void aFileThatIsNotAnImageIsReportedByTheReadabilityCheckWithListAndLine() throws Exception {
    images("a.png", "b.png");
    Files.writeString(root.resolve("c.jpg"), "this is not a JPEG");
    Files.writeString(root.resolve("l.txt"), "a.png 0 1\nc.jpg 1 0\nb.png 1 0\n");
    ImageListSource s = ImageListSource.load(root, "l.txt", "l.txt", "l.txt");
    DataException e = assertThrows(DataException.class, s::checkReadable);
    assertTrue(e.getMessage().contains("c.jpg") && e.getMessage().contains("l.txt line 2")
        && e.getMessage().contains("not an image"), e.getMessage());

    Files.write(root.resolve("c.jpg"), Files.readAllBytes(root.resolve("a.png")));
    s.checkReadable();  // a readable file (even named .jpg) passes
  }

  @Test
  void oneHotListsGiveSingleLabels() throws Exception {
    images("a.jpg", "b.jpg");
    Files.writeString(root.resolve("l.txt"), "a.jpg 0 1\nb.jpg 1 0\n");
    ImageListSource s = ImageListSource.load(root, "l.txt", "l.txt", "l.txt");
    assertFalse(s.labels().isMultiLabel());
    assertEquals(1, s.labels().classId(0));
    assertEquals(0, s.labels().classId(1));
  }

  @Test
  void wrongLabelCountNamesListAndLine() throws Exception {
    images("a.png", "b.png");
    Files.writeString(root.resolve("db.txt"), "a.png 1 0 1\n");
    Files.writeString(root.resolve("q.txt"), "a.png 1 0 1\n\nb.png 1 0\n");
    DataException e = assertThrows(DataException.class,
        () -> ImageListSource.load(root, "db.txt", "q.txt", "db.txt"));
    assertTrue(e.getMessage().contains("q.txt line 3") && e.getMessage().contains("2 labels")
        && e.getMessage().contains("expected 3"), e.getMessage());
  }

  @Test
  void nonBinaryLabelNamed() throws Exception {
    images("a.png");
    Files.writeString(root.resolve("db.txt"), "a.png 1 2 0\n");
    DataException e = assertThrows(DataException.class,
        () -> ImageListSource.load(root, "db.txt", "db.txt", "db.txt"));
    assertTrue(e.getMessage().contains("db.txt line 1") && e.getMessage().contains("'2'"),
        e.getMessage());
  }

  @Test
  void missingImageNamedWithLineAtLoad() throws Exception {
    images("a.png");
    Files.writeString(root.resolve("db.txt"), "a.png 1 0\nmissing/z.png 0 1\n");
    DataException e = assertThrows(DataException.class,
        () -> ImageListSource.load(root, "db.txt", "db.txt", "db.txt"));
    assertTrue(e.getMessage().contains("missing/z.png") && e.getMessage().contains("line 2"),
        e.getMessage());
  }

  @Test
  void listsTopKFollowsDeepHashConventions() {
    assertEquals(5000, PredefinedProtocol.listsTopK(21));
    assertEquals(5000, PredefinedProtocol.listsTopK(81));
    assertEquals(5000, PredefinedProtocol.listsTopK(80));
    assertEquals(1000, PredefinedProtocol.listsTopK(100));
    assertEquals(-1, PredefinedProtocol.listsTopK(10));
  }
}
