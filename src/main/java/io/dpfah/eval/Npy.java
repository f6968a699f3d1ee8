package io.dpfah.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files: format versions 1.0, 2.0 and 3.0, little- or
 * big-endian, C order, dtypes int8, uint8, bool, int16, int32, int64, float32, float64. Fortran
 * order, other dtypes and malformed headers raise {@link EvalInputException} naming the file.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Map<String, String> KINDS =
      Map.of("i1", "int8", "u1", "uint8", "b1", "bool", "i2", "int16", "i4", "int32",
          "i8", "int64", "f4", "float32", "f8", "float64");
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Bytes per element of a dtype name. */
  static int itemSize(String dtype) {
    return switch (dtype) {
      case "int8", "uint8", "bool" -> 1;
      case "int16" -> 2;
      case "int32", "float32" -> 4;
      case "int64", "float64" -> 8;
      default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
    };
  }

  /**
   * Reads a {@code .npy} file.
   *
   * @throws EvalInputException if the file cannot be read, its header is malformed, it is in
   *     Fortran order, its dtype is unsupported, or its data is shorter than the shape implies
   */
  public static NpyArray read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] pre = in.readNBytes(8);
      if (pre.length < 8 || !startsWithMagic(pre)) {
        throw bad(file, "not a NumPy .npy file (missing the \\x93NUMPY magic string)");
      }
      int major = pre[6] & 0xFF;
      int headerLen;
      if (major == 1) {
        byte[] len = in.readNBytes(2);
        if (len.length < 2) {
          throw bad(file, "truncated header");
        }
        headerLen = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
      } else if (major == 2 || major == 3) {
        byte[] len = in.readNBytes(4);
        if (len.length < 4) {
          throw bad(file, "truncated header");
        }
        long l = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (l > 1 << 24) {
          throw bad(file, "header length " + l + " is implausible");
        }
        headerLen = (int) l;
      } else {
        throw bad(file, "format version " + major + "." + (pre[7] & 0xFF) + ", expected 1.0, 2.0 or 3.0");
      }
      byte[] hb = in.readNBytes(headerLen);
      if (hb.length < headerLen) {
        throw bad(file, "truncated header");
      }
      String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      Matcher d = DESCR.matcher(header);
      Matcher f = FORTRAN.matcher(header);
      Matcher s = SHAPE.matcher(header);
      if (!header.trim().startsWith("{") || !d.find() || !f.find() || !s.find()) {
        throw bad(file, "corrupt header '" + header.trim()
            + "', expected a dict with 'descr', 'fortran_order' and 'shape'");
      }
      String descr = d.group(1);
      if (descr.length() != 3 || "<>|=".indexOf(descr.charAt(0)) < 0 || !KINDS.containsKey(descr.substring(1))) {
        throw bad(file, "unsupported dtype '" + descr
            + "', expected one of int8, uint8, bool, int16, int32, int64, float32, float64");
      }
      String dtype = KINDS.get(descr.substring(1));
      boolean bigEndian = descr.charAt(0) == '>';
      if (f.group(1).equals("True")) {
        throw bad(file, "array is in Fortran order, expected C order (save with np.ascontiguousarray)");
      }
      int[] shape = parseShape(file, s.group(1));
      long count = 1;
      for (int dim : shape) {
        count *= dim;
      }
      long bytes = count * itemSize(dtype);
      if (bytes > Integer.MAX_VALUE - 16) {
        throw bad(file, "array of " + bytes + " bytes is larger than the supported 2 GB");
      }
      byte[] data = in.readNBytes((int) bytes);
      if (data.length < bytes) {
        throw bad(file, "data holds " + data.length + " bytes, expected " + bytes + " for shape "
            + java.util.Arrays.toString(shape) + " of " + dtype);
      }
      return new NpyArray(file, dtype, shape, NpyArray.wrap(data, bigEndian));
    } catch (IOException e) {
      throw new EvalInputException(file + ": cannot read (" + e + ")", e);
    }
  }

  private static boolean startsWithMagic(byte[] pre) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (pre[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static int[] parseShape(Path file, String text) {
    List<Integer> dims = new ArrayList<>();
    for (String part : text.split(",")) {
      String t = part.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (t.endsWith("L")) {
        t = t.substring(0, t.length() - 1);
      }
      try {
        long v = Long.parseLong(t);
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw bad(file, "shape dimension " + v + " out of range");
        }
        dims.add((int) v);
      } catch (NumberFormatException e) {
        throw bad(file, "corrupt shape '(" + text + ")', expected a tuple of integers");
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  private static EvalInputException bad(Path file, String what) {
    return new EvalInputException(file + ": " + what);
  }

  /** Writes an int8 array of the given shape (format 1.0, little-endian, C order). */
  public static void writeInt8(Path file, byte[] data, int... shape) {
    write(file, "|i1", 1, data.length, shape, buf -> buf.put(data));
  }

  /** Writes an int32 array of the given shape. */
  public static void writeInt32(Path file, int[] data, int... shape) {
    write(file, "<i4", 4, data.length, shape, buf -> buf.asIntBuffer().put(data));
  }

  /** Writes a float32 array of the given shape. */
  public static void writeFloat32(Path file, float[] data, int... shape) {
    write(file, "<f4", 4, data.length, shape, buf -> buf.asFloatBuffer().put(data));
  }

  private static void write(Path file, String descr, int itemSize, int length, int[] shape,
      java.util.function.Consumer<ByteBuffer> fill) {
    long count = 1;
    for (int s : shape) {
      count *= s;
    }
    if (count != length) {
      throw new IllegalArgumentException(file + ": " + length + " values do not fill shape "
          + java.util.Arrays.toString(shape));
    }
    StringBuilder dims = new StringBuilder();
    for (int s : shape) {
      dims.append(s).append(", ");
    }
    String shapeText = shape.length == 1 ? shape[0] + "," : shape.length == 0 ? ""
        : dims.substring(0, dims.length() - 2);
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer buf = ByteBuffer.allocate(length * itemSize).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(buf);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(MAGIC);
      out.write(new byte[] {1, 0, (byte) (header.length() & 0xFF), (byte) (header.length() >>> 8)});
      out.write(header.getBytes(StandardCharsets.ISO_8859_1));
      out.write(buf.array());
    } catch (IOException e) {
      throw new EvalInputException(file + ": cannot write (" + e + ")", e);
    }
  }
}
