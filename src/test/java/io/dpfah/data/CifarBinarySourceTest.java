package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinarySourceTest {
  static final int PER = 20;
  @TempDir Path root;

  /** Label of record r in file f. */
  static int label(int f, int r) {
    return (f * 7 + r) % 10;
  }

  /** Writes 6 batch files of 20 records; R plane = 10+f, G plane = 100+r, B = pixel index % 256. */
  static Path writeBatches(Path root) throws Exception {
    Path dir = root.resolve("cifar-10-batches-bin");
    Files.createDirectories(dir);
    for (int f = 0; f < 6; f++) {
      byte[] bytes = new byte[PER * CifarBinarySource.RECORD];
      for (int r = 0; r < PER; r++) {
        int o = r * CifarBinarySource.RECORD;
        bytes[o] = (byte) label(f, r);
        for (int p = 0; p < 1024; p++) {
          bytes[o + 1 + p] = (byte) (10 + f);
          bytes[o + 1 + 1024 + p] = (byte) (100 + r);
          bytes[o + 1 + 2048 + p] = (byte) p;
        }
      }
      Files.write(dir.resolve(CifarBinarySource.FILES.get(f)), bytes);
    }
    return dir;
  }

  @Test
  void loadsPlanesIntoChannelsAndLabels() throws Exception {
    writeBatches(root);
    InMemoryImageSource s = CifarBinarySource.load(root, PER);
    assertEquals(120, s.size());
    assertEquals(100, s.trainSize());
    for (int i : new int[] {0, 23, 99, 100, 119}) {
      int f = i / PER;
      int r = i % PER;
      assertEquals(label(f, r), s.labels().classId(i));
      RawImage img = s.image(i);
      assertEquals(3, img.channels());
      assertEquals(32, img.height());
      byte[] px = img.pixels();
      assertEquals(10 + f, px[0] & 0xff);
      assertEquals(10 + f, px[1023] & 0xff);
      assertEquals(100 + r, px[1024 + 5] & 0xff);
      assertEquals(37, px[2048 + 37] & 0xff);
      assertEquals(31 * 32 % 256, px[2048 + 31 * 32] & 0xff);
    }
    assertEquals(CifarBinarySource.CLASS_NAMES, s.classNames());
    assertTrue(s.origin(105).endsWith("test_batch.bin record 5"), s.origin(105));
  }

  @Test
  void acceptsBatchesFolderAsRootAndReadsMeta() throws Exception {
    Path dir = writeBatches(root);
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    Files.write(dir.resolve("batches.meta.txt"), names);
    InMemoryImageSource s = CifarBinarySource.load(dir, PER);
    assertEquals(120, s.size());
    assertEquals(names, s.classNames());
  }

  @Test
  void truncatedFileNamed() throws Exception {
    Path dir = writeBatches(root);
    Path f = dir.resolve("data_batch_3.bin");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - 100));
    DataException e = assertThrows(DataException.class, () -> CifarBinarySource.load(root, PER));
    assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void wholeRecordsButWrongCountIsAnError() throws Exception {
    Path dir = writeBatches(root);
    Path f = dir.resolve("test_batch.bin");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - CifarBinarySource.RECORD));
    DataException e = assertThrows(DataException.class, () -> CifarBinarySource.load(root, PER));
    assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("19 whole"),
        e.getMessage());
  }

  @Test
  void defaultLoadAcceptsSmallFilesOfEqualRecordCount() throws Exception {
    writeBatches(root);
    InMemoryImageSource s = CifarBinarySource.load(root);
    assertEquals(6 * PER, s.size());
    assertEquals(5 * PER, s.trainSize());
    assertEquals(label(4, 7), s.labels().classId(4 * PER + 7));
  }

  @Test
  void defaultLoadReportsAFileShorterThanTheOthersAsTruncated() throws Exception {
    Path dir = writeBatches(root);
    Path f = dir.resolve("data_batch_2.bin");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, 12 * CifarBinarySource.RECORD));
    DataException e = assertThrows(DataException.class, () -> CifarBinarySource.load(root));
    assertEquals(f + ": 12 records, but data_batch_1.bin has 20; all six batch files must hold"
        + " the same number of records (10,000 in the official files) — the file is truncated",
        e.getMessage());
  }

  @Test
  void defaultLoadReportsAPartialRecord() throws Exception {
    Path dir = writeBatches(root);
    Path f = dir.resolve("test_batch.bin");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - 5));
    DataException e = assertThrows(DataException.class, () -> CifarBinarySource.load(root));
    assertTrue(e.getMessage().startsWith(f + ": " + (b.length - 5) + " bytes = 19 whole records + "
        + (CifarBinarySource.RECORD - 5) + " bytes"), e.getMessage());
  }

  @Test
  void badLabelNamesFileAndRecord() throws Exception {
    Path dir = writeBatches(root);
    Path f = dir.resolve("data_batch_2.bin");
    byte[] b = Files.readAllBytes(f);
    b[4 * CifarBinarySource.RECORD] = 12;
    Files.write(f, b);
    DataException e = assertThrows(DataException.class, () -> CifarBinarySource.load(root, PER));
    assertTrue(e.getMessage().contains("data_batch_2.bin") && e.getMessage().contains("record 4")
        && e.getMessage().contains("12"), e.getMessage());
  }

  @Test
  void missingFilesListed() throws Exception {
    Path dir = writeBatches(root);
    Files.delete(dir.resolve("data_batch_5.bin"));
    MissingDataException e =
        assertThrows(MissingDataException.class, () -> CifarBinarySource.load(root, PER));
    assertEquals(List.of(dir.resolve("data_batch_5.bin")), e.missing());
    assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
  }
}
