package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test helpers: data specs and files in the real layouts. */
final class Fixtures {
  private Fixtures() {}

  static DataSpec spec(String dataset, Path root, String protocol, int size, int channels,
      String norm, DataSpec.AugmentSpec aug) {
    return new DataSpec(dataset, root == null ? null : root.toString(), protocol, size, channels,
        norm, aug, null, null, 1, false);
  }

  /** Writes an IDX unsigned-byte file, gzip-compressed when {@code gzip}. */
  static void writeIdx(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000800 | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    out.flush();
    try (OutputStream os = gzip
        ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      os.write(bytes.toByteArray());
    }
  }

  /** A pool with a train part and a test part of given class ids (pixels = pool index). */
  static InMemoryImageSource pool(int[] trainIds, int[] testIds, int numClasses) {
    int n = trainIds.length + testIds.length;
    int[] ids = new int[n];
    System.arraycopy(trainIds, 0, ids, 0, trainIds.length);
    System.arraycopy(testIds, 0, ids, trainIds.length, testIds.length);
    byte[] px = new byte[n];
    for (int i = 0; i < n; i++) {
      px[i] = (byte) i;
    }
    List<String> names = java.util.stream.IntStream.range(0, numClasses)
        .mapToObj(c -> "c" + c).toList();
    return new InMemoryImageSource(1, 1, 1, px, Labels.ofClassIds(ids, numClasses), names,
        trainIds.length, i -> "item " + i);
  }
}
