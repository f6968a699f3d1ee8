package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
  @TempDir Path root;

  static void png(Path file, int w, int h, int rgb) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(img, file.toString().endsWith(".png") ? "png" : "jpg", file.toFile());
  }

  @Test
  void splitsClassesSortedAndPixelsDecoded() throws Exception {
    png(root.resolve("train/zebra/1.png"), 4, 3, 0x102030);
    png(root.resolve("train/ant/b.png"), 4, 3, 0x405060);
    png(root.resolve("train/ant/a.png"), 4, 3, 0xFF0000);
    png(root.resolve("test/zebra/x.png"), 4, 3, 0x000000);
    png(root.resolve("test/ant/y.jpg"), 8, 8, 0x808080);
    ImageFolderSource s = ImageFolderSource.load(root);
    assertEquals(List.of("ant", "zebra"), s.classNames());
    assertEquals(5, s.size());
    assertEquals(3, s.trainSize());
    assertTrue(s.file(0).endsWith("train/ant/a.png"));
    assertTrue(s.file(1).endsWith("train/ant/b.png"));
    assertTrue(s.file(2).endsWith("train/zebra/1.png"));
    assertTrue(s.file(3).endsWith("test/ant/y.jpg"));
    assertEquals(0, s.labels().classId(0));
    assertEquals(1, s.labels().classId(2));
    assertEquals(1, s.labels().classId(4));
    RawImage img = s.image(2);
    assertEquals(3, img.channels());
    assertEquals(3, img.height());
    assertEquals(4, img.width());
    assertEquals(0x10, img.pixels()[0] & 0xff);
    assertEquals(0x20, img.pixels()[12] & 0xff);
    assertEquals(0x30, img.pixels()[24 + 11] & 0xff);
    RawImage jpg = s.image(3);
    assertTrue(Math.abs((jpg.pixels()[10] & 0xff) - 128) <= 3, "JPEG grey ~128");
  }

  @Test
  void noSplitLevel() throws Exception {
    png(root.resolve("b/1.png"), 2, 2, 0);
    png(root.resolve("a/1.png"), 2, 2, 0);
    png(root.resolve("a/2.png"), 2, 2, 0);
    ImageFolderSource s = ImageFolderSource.load(root);
    assertEquals(List.of("a", "b"), s.classNames());
    assertEquals(3, s.size());
    assertEquals(3, s.trainSize());
  }

  @Test
  void emptyClassFolderNamed() throws Exception {
    png(root.resolve("a/1.png"), 2, 2, 0);
    Files.createDirectories(root.resolve("b"));
    DataException e = assertThrows(DataException.class, () -> ImageFolderSource.load(root));
    assertTrue(e.getMessage().contains(root.resolve("b").toString())
        && e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void undecodableImageNamed() throws Exception {
    png(root.resolve("a/1.png"), 2, 2, 0);
    Path bad = root.resolve("a/2.jpg");
    Files.writeString(bad, "not an image");
    ImageFolderSource s = ImageFolderSource.load(root);
    DataException e = assertThrows(DataException.class, () -> s.image(1));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }
}
