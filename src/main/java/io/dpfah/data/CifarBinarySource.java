package io.dpfah.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 in the official binary layout: {@code root/cifar-10-batches-bin/data_batch_1..5.bin}
 * and {@code test_batch.bin} (root may also be the batches folder itself). Each record is one
 * label byte then 3,072 pixel bytes: the R plane, G plane and B plane, each 32x32 row-major.
 * Pool = the 50,000 training records then the 10,000 test records. Class names come from
 * {@code batches.meta.txt} when present.
 */
public final class CifarBinarySource {
  /** Bytes per record: label + 3x32x32 pixels. */
  public static final int RECORD = 1 + 3 * 32 * 32;

  /** Records in each official batch file. */
  public static final int RECORDS_PER_FILE = 10_000;

  /** Default class names (used when batches.meta.txt is absent). */
  public static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer",
          "dog", "frog", "horse", "ship", "truck");

  /** How to obtain the files. */
  public static final String HOW_TO_GET =
      "download the CIFAR-10 binary version (https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz)"
          + " and extract it into data.root (giving data.root/cifar-10-batches-bin/*.bin)";

  /** Batch file names in pool order. */
  public static final List<String> FILES =
      List.of(
          "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
          "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");

  private CifarBinarySource() {}

  /**
   * Loads the six batch files into memory. Each must hold the same whole number of records: the
   * official files hold 10,000; smaller sets in the same layout (for tests and demos) are
   * accepted, and a file with fewer records than the others is reported as truncated.
   */
  public static InMemoryImageSource load(Path root) {
    Path dir = batchesDir(root);
    requirePresent(dir);
    long[] sizes = new long[FILES.size()];
    int largest = 0;
    for (int f = 0; f < FILES.size(); f++) {
      Path file = dir.resolve(FILES.get(f));
      try {
        sizes[f] = Files.size(file);
      } catch (IOException e) {
        throw new DataException(file + ": cannot read: " + e.getMessage(), e);
      }
      if (sizes[f] % RECORD != 0 || sizes[f] == 0) {
        throw new DataException(String.format(
            "%s: %d bytes = %d whole records + %d bytes; expected a whole number of records of"
                + " %d bytes (10,000 in the official files) — the file is truncated or not a"
                + " CIFAR-10 binary batch",
            file, sizes[f], sizes[f] / RECORD, sizes[f] % RECORD, RECORD));
      }
      if (sizes[f] > sizes[largest]) {
        largest = f;
      }
    }
    long records = sizes[largest] / RECORD;
    for (int f = 0; f < FILES.size(); f++) {
      if (sizes[f] != sizes[largest]) {
        throw new DataException(String.format(
            "%s: %d records, but %s has %d; all six batch files must hold the same number of"
                + " records (10,000 in the official files) — the file is truncated",
            dir.resolve(FILES.get(f)), sizes[f] / RECORD, FILES.get(largest), records));
      }
    }
    if (records * FILES.size() > Integer.MAX_VALUE / (3 * 32 * 32)) {
      throw new DataException(dir + ": " + records + " records per file is more than fits in"
          + " memory as one pool; expected 10,000");
    }
    return load(root, (int) records);
  }

  private static void requirePresent(Path dir) {
    List<Path> missing = new ArrayList<>();
    for (String f : FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        missing.add(dir.resolve(f));
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException("cifar10", missing, HOW_TO_GET);
    }
  }

  /**
   * The folder holding the batch files: {@code root/cifar-10-batches-bin} if it exists, else
   * root itself if it holds {@code data_batch_1.bin}, else (for error messages) the former.
   */
  public static Path batchesDir(Path root) {
    Path sub = root.resolve("cifar-10-batches-bin");
    if (Files.isDirectory(sub) || !Files.isRegularFile(root.resolve(FILES.get(0)))) {
      return sub;
    }
    return root;
  }

  /** Loads batch files holding exactly {@code recordsPerFile} records each (tests use few). */
  public static InMemoryImageSource load(Path root, int recordsPerFile) {
    Path dir = batchesDir(root);
    requirePresent(dir);
    int n = FILES.size() * recordsPerFile;
    int plane = 3 * 32 * 32;
    byte[] pixels = new byte[Math.multiplyExact(n, plane)];
    int[] ids = new int[n];
    for (int f = 0; f < FILES.size(); f++) {
      Path file = dir.resolve(FILES.get(f));
      byte[] bytes = readAll(file);
      long expected = (long) recordsPerFile * RECORD;
      if (bytes.length % RECORD != 0 || bytes.length != expected) {
        throw new DataException(
            String.format(
                "%s: %d bytes = %d whole records + %d bytes; expected %d records of %d bytes"
                    + " (%d bytes) — the file is truncated or not a CIFAR-10 binary batch",
                file, bytes.length, bytes.length / RECORD, bytes.length % RECORD,
                recordsPerFile, RECORD, expected));
      }
      for (int r = 0; r < recordsPerFile; r++) {
        int label = bytes[r * RECORD] & 0xff;
        if (label > 9) {
          throw new DataException(
              file + ": record " + r + " has label byte " + label + ", expected 0..9");
        }
        int i = f * recordsPerFile + r;
        ids[i] = label;
        System.arraycopy(bytes, r * RECORD + 1, pixels, i * plane, plane);
      }
    }
    List<String> names = classNames(dir);
    int per = recordsPerFile;
    return new InMemoryImageSource(
        3, 32, 32, pixels, Labels.ofClassIds(ids, 10), names, 5 * per,
        i -> dir.resolve(FILES.get(i / per)) + " record " + (i % per));
  }

  private static List<String> classNames(Path dir) {
    Path meta = dir.resolve("batches.meta.txt");
    if (!Files.isRegularFile(meta)) {
      return CLASS_NAMES;
    }
    List<String> names = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new DataException(meta + ": cannot read class names: " + e.getMessage(), e);
    }
    if (names.size() != 10) {
      throw new DataException(
          meta + ": expected 10 class names (one per line), found " + names.size());
    }
    return names;
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
