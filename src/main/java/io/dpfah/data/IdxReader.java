package io.dpfah.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or plain: a big-endian
 * magic number {@code 0x0000 TT NN} (TT = element type, NN = number of dimensions), NN big-endian
 * int dimensions, then the elements. Only unsigned-byte elements (type {@code 0x08}) are
 * supported, which covers every image and label file of those data sets.
 */
public final class IdxReader {
  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /**
   * An IDX array.
   *
   * @param dims dimensions, outermost first (e.g. {@code [n, 28, 28]})
   * @param data all elements in row-major order, read as unsigned bytes
   */
  public record IdxArray(int[] dims, byte[] data) {
    /** Number of items along the first dimension. */
    public int count() {
      return dims[0];
    }

    /** Elements per item (product of the remaining dimensions). */
    public int itemSize() {
      int s = 1;
      for (int i = 1; i < dims.length; i++) {
        s *= dims[i];
      }
      return s;
    }
  }

  /** Reads {@code file}; gzip is detected from its first two bytes. */
  public static IdxArray read(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream in =
          b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw;
      return read(new DataInputStream(in), file);
    } catch (EOFException e) {
      throw new DataException(file + ": truncated IDX file (ended before all elements)", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read IDX file: " + e.getMessage(), e);
    }
  }

  private static IdxArray read(DataInputStream in, Path file) throws IOException {
    int magic = in.readInt();
    int type = (magic >>> 8) & 0xff;
    int nd = magic & 0xff;
    if ((magic >>> 16) != 0 || nd == 0) {
      throw new DataException(
          String.format(
              "%s: bad IDX magic number 0x%08X, expected 0x000008NN (not an IDX file?)",
              file, magic));
    }
    if (type != UNSIGNED_BYTE) {
      throw new DataException(
          String.format(
              "%s: IDX element type 0x%02X not supported, expected 0x08 (unsigned byte)",
              file, type));
    }
    int[] dims = new int[nd];
    long total = 1;
    for (int i = 0; i < nd; i++) {
      dims[i] = in.readInt();
      if (dims[i] < 0) {
        throw new DataException(file + ": negative IDX dimension " + dims[i]);
      }
      total *= dims[i];
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new DataException(file + ": IDX array of " + total + " elements is too large");
    }
    byte[] data = new byte[(int) total];
    int got = in.readNBytes(data, 0, data.length);
    if (got != data.length) {
      throw new DataException(
          file + ": truncated IDX file: " + got + " of " + total + " data bytes present");
    }
    return new IdxArray(dims, data);
  }
}
