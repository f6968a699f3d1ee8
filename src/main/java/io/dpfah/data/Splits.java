package io.dpfah.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Helpers shared by protocols: per-class index lists, checksums, validation. */
public final class Splits {
  private Splits() {}

  /** SHA-256 (hex) of the indices as big-endian ints: identifies a split exactly. */
  public static String checksum(int[] indices) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(4 * indices.length);
      for (int i : indices) {
        buf.putInt(i);
      }
      return HexFormat.of().formatHex(md.digest(buf.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pool indices in {@code [from, to)} grouped by class id, ascending within each class. */
  static List<List<Integer>> byClass(ImageSource pool, int from, int to, String protocol) {
    Labels labels = pool.labels();
    if (labels.isMultiLabel()) {
      throw new DataException(
          "protocol " + protocol + " needs single-label data, but the pool is multi-label");
    }
    List<List<Integer>> out = new ArrayList<>();
    for (int c = 0; c < labels.numClasses(); c++) {
      out.add(new ArrayList<>());
    }
    for (int i = from; i < to; i++) {
      out.get(labels.classId(i)).add(i);
    }
    return out;
  }

  /** Fails when class {@code c} has fewer than {@code needed} images. */
  static void require(ImageSource pool, int c, int present, int needed, String protocol,
      String what) {
    if (present < needed) {
      throw new DataException(
          "protocol " + protocol + ": class " + c + " (" + pool.classNames().get(c) + ") has "
              + present + " images " + what + ", but " + needed + " are needed");
    }
  }

  /** Counts per class of a split, for provenance and reports. */
  static List<Integer> classCounts(Labels labels, int[] indices) {
    int[] counts = labels.subset(indices).classCounts();
    List<Integer> out = new ArrayList<>();
    for (int v : counts) {
      out.add(v);
    }
    return out;
  }
}
