package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistSourceTest {
  @TempDir Path dir;

  /** Three 2x3 train images and two test images; pixel value = 10*image + position. */
  private void writeSmall(boolean gzip) throws Exception {
    String ext = gzip ? ".gz" : "";
    byte[] train = new byte[3 * 6];
    for (int i = 0; i < train.length; i++) {
      train[i] = (byte) (10 * (i / 6) + i % 6);
    }
    byte[] test = new byte[2 * 6];
    for (int i = 0; i < test.length; i++) {
      test[i] = (byte) (200 + 10 * (i / 6) + i % 6);
    }
    Fixtures.writeIdx(dir.resolve("train-images-idx3-ubyte" + ext), new int[] {3, 2, 3}, train,
        gzip);
    Fixtures.writeIdx(dir.resolve("train-labels-idx1-ubyte" + ext), new int[] {3},
        new byte[] {9, 0, 4}, gzip);
    Fixtures.writeIdx(dir.resolve("t10k-images-idx3-ubyte" + ext), new int[] {2, 2, 3}, test,
        gzip);
    Fixtures.writeIdx(dir.resolve("t10k-labels-idx1-ubyte" + ext), new int[] {2},
        new byte[] {7, 1}, gzip);
  }

  @Test
  void loadsGzipIdxPairsTrainThenTest() throws Exception {
    writeSmall(true);
    InMemoryImageSource s = FashionMnistSource.load(dir);
    assertEquals(5, s.size());
    assertEquals(3, s.trainSize());
    assertEquals(9, s.labels().classId(0));
    assertEquals(4, s.labels().classId(2));
    assertEquals(7, s.labels().classId(3));
    assertEquals(1, s.labels().classId(4));
    RawImage img = s.image(1);
    assertEquals(1, img.channels());
    assertEquals(2, img.height());
    assertEquals(3, img.width());
    assertArrayEquals(new byte[] {10, 11, 12, 13, 14, 15}, img.pixels());
    assertEquals((byte) 215, s.image(4).pixels()[5]);
    assertEquals("Ankle boot", s.classNames().get(9));
    assertTrue(s.origin(4).contains("t10k-images") && s.origin(4).endsWith("image 1"));
  }

  @Test
  void loadsPlainIdxToo() throws Exception {
    writeSmall(false);
    assertEquals(5, FashionMnistSource.load(dir).size());
  }

  @Test
  void missingFilesNameFilesAndPackage() throws Exception {
    writeSmall(true);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    MissingDataException e =
        assertThrows(MissingDataException.class, () -> FashionMnistSource.load(dir));
    assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    assertEquals(1, e.missing().size());
  }

  @Test
  void wrongMagicNamesFile() throws Exception {
    Path f = dir.resolve("bad");
    Files.write(f, new byte[] {0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5});
    DataException e = assertThrows(DataException.class, () -> IdxReader.read(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("magic"),
        e.getMessage());
  }

  @Test
  void truncatedFileNamesFile() throws Exception {
    Path f = dir.resolve("short.gz");
    Fixtures.writeIdx(f, new int[] {4, 2, 2}, new byte[16], true);
    byte[] all = IdxReader.read(f).data();
    assertEquals(16, all.length);
    Path g = dir.resolve("trunc");
    Fixtures.writeIdx(g, new int[] {4, 2, 2}, new byte[16], false);
    byte[] raw = Files.readAllBytes(g);
    Files.write(g, Arrays.copyOf(raw, raw.length - 3));
    DataException e = assertThrows(DataException.class, () -> IdxReader.read(g));
    assertTrue(e.getMessage().contains(g.toString()) && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void labelsAndImagesMustMatch() throws Exception {
    writeSmall(true);
    Fixtures.writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {2},
        new byte[] {1, 2}, true);
    DataException e = assertThrows(DataException.class, () -> FashionMnistSource.load(dir));
    assertTrue(e.getMessage().contains("2 labels") && e.getMessage().contains("3 images"),
        e.getMessage());
  }

  @Test
  void realFashionMnistIfInstalled() {
    Assumptions.assumeTrue(
        Files.isRegularFile(FashionMnistSource.DEFAULT_ROOT.resolve("train-images-idx3-ubyte.gz")),
        "dataset-fashion-mnist not installed");
    InMemoryImageSource s = FashionMnistSource.load(null);
    assertEquals(70_000, s.size());
    assertEquals(60_000, s.trainSize());
    assertEquals(9, s.labels().classId(0));
    assertEquals(28, s.image(0).height());
    assertArrayEquals(new int[] {7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000},
        s.labels().classCounts());
    RetrievalData d = ProtocolRegistry.get("fmnist-hash")
        .split(s, Fixtures.spec("fashion-mnist", null, "fmnist-hash", 32, 1, "none", null), 0);
    assertEquals(5000, d.train().length);
    assertEquals(1000, d.query().length);
    assertEquals(69_000, d.database().length);
    assertTrue(d.query()[0] >= 60_000);
  }

  /**
   * 30 training images with labels i mod 10 and 20 test images likewise (1x2 pixels, value =
   * index): the subset of 2 per class keeps training images 0..19 and of 1 per class test images
   * 0..9, in file order, and loads back.
   */
  @Test
  void subsetKeepsTheFirstImagesOfEveryClassAndLoadsBack() throws Exception {
    byte[] train = new byte[30 * 2];
    byte[] trainLabels = new byte[30];
    for (int i = 0; i < 30; i++) {
      train[2 * i] = (byte) i;
      train[2 * i + 1] = (byte) (100 + i);
      trainLabels[i] = (byte) (i % 10);
    }
    byte[] test = new byte[20 * 2];
    byte[] testLabels = new byte[20];
    for (int i = 0; i < 20; i++) {
      test[2 * i] = (byte) (50 + i);
      test[2 * i + 1] = (byte) (150 + i);
      testLabels[i] = (byte) (i % 10);
    }
    Fixtures.writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {30, 1, 2}, train, true);
    Fixtures.writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {30}, trainLabels,
        true);
    Fixtures.writeIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), new int[] {20, 1, 2}, test, true);
    Fixtures.writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {20}, testLabels, true);
    Path out = FashionMnistSource.writeSubset(dir, dir.resolve("small"), 2, 1);
    InMemoryImageSource s = FashionMnistSource.load(out);
    assertEquals(30, s.size());
    assertEquals(20, s.trainSize());
    for (int i = 0; i < 20; i++) {
      assertArrayEquals(new byte[] {(byte) i, (byte) (100 + i)}, s.image(i).pixels(), "train " + i);
      assertEquals(i % 10, s.labels().classId(i));
    }
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(new byte[] {(byte) (50 + i), (byte) (150 + i)}, s.image(20 + i).pixels());
      assertEquals(i, s.labels().classId(20 + i));
    }
    DataException e = assertThrows(DataException.class,
        () -> FashionMnistSource.writeSubset(dir, dir.resolve("big"), 4, 1));
    assertEquals("fashion-mnist subset: class T-shirt/top has 3 images in the training part,"
        + " expected at least 4", e.getMessage());
  }
}
