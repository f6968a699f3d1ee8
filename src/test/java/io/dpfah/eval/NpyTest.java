package io.dpfah.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing .npy files. */
class NpyTest {
  @TempDir Path dir;

  @Test
  void roundTripsInt8Int32Float32() {
    Path a = dir.resolve("a.npy");
    byte[] bytes = {1, -1, 127, -128, 0, 5};
    Npy.writeInt8(a, bytes, 2, 3);
    NpyArray ra = Npy.read(a);
    assertEquals("int8", ra.dtype());
    assertArrayEquals(new int[] {2, 3}, ra.shape());
    assertArrayEquals(new int[] {1, -1, 127, -128, 0, 5}, ra.toInts());

    Path b = dir.resolve("b.npy");
    int[] ints = {7, -3, Integer.MAX_VALUE, Integer.MIN_VALUE};
    Npy.writeInt32(b, ints, 4);
    NpyArray rb = Npy.read(b);
    assertEquals("int32", rb.dtype());
    assertArrayEquals(new int[] {4}, rb.shape());
    assertArrayEquals(ints, rb.toInts());

    Path c = dir.resolve("c.npy");
    float[] floats = {0.5f, -1.25f, 3e10f, -0f};
    Npy.writeFloat32(c, floats, 2, 2);
    NpyArray rc = Npy.read(c);
    assertEquals("float32", rc.dtype());
    assertArrayEquals(floats, rc.toFloats());
  }

  @Test
  void headerIsPaddedToSixtyFourBytes() throws IOException {
    Path a = dir.resolve("a.npy");
    Npy.writeInt8(a, new byte[] {1}, 1);
    byte[] raw = Files.readAllBytes(a);
    int headerEnd = 10 + (raw[8] & 0xFF) + ((raw[9] & 0xFF) << 8);
    assertEquals(0, headerEnd % 64, "data starts on a 64-byte boundary as numpy writes it");
    assertEquals('\n', raw[headerEnd - 1]);
    assertEquals(headerEnd + 1, raw.length);
  }

  /** A version 2.0 file with big-endian int32 and a float64 one, written byte by byte. */
  @Test
  void readsVersion2AndBigEndian() throws IOException {
    Path f = dir.resolve("be.npy");
    ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putInt(1).putInt(-2).putInt(300);
    Files.write(f, npy(2, "{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }", data.array()));
    assertArrayEquals(new int[] {1, -2, 300}, Npy.read(f).toInts());

    Path g = dir.resolve("f8.npy");
    ByteBuffer d8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(-0.5).putDouble(2.0);
    Files.write(g, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", d8.array()));
    assertArrayEquals(new double[] {-0.5, 2.0}, Npy.read(g).toDoubles());
  }

  @Test
  void rejectsFortranOrderUnsupportedDtypeCorruptHeaderAndTruncatedData() throws IOException {
    Path fortran = dir.resolve("fortran.npy");
    Files.write(fortran, npy(1, "{'descr': '<i4', 'fortran_order': True, 'shape': (1, 1), }", new byte[4]));
    assertMessage(fortran, "Fortran");
    Path complex = dir.resolve("complex.npy");
    Files.write(complex, npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
    assertMessage(complex, "unsupported dtype '<c8'");
    Path corrupt = dir.resolve("corrupt.npy");
    Files.write(corrupt, npy(1, "{'descr': '<i4', 'shape': (1,) }", new byte[4]));
    assertMessage(corrupt, "corrupt header");
    Path notNpy = dir.resolve("text.npy");
    Files.writeString(notNpy, "hello world, not numpy");
    assertMessage(notNpy, "magic");
    Path shortData = dir.resolve("short.npy");
    Files.write(shortData, npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", new byte[8]));
    assertMessage(shortData, "expected 12");
    assertMessage(dir.resolve("missing.npy"), "cannot read");
  }

  static void assertMessage(Path file, String part) {
    EvalInputException e = assertThrows(EvalInputException.class, () -> Npy.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  static byte[] npy(int major, String dict, byte[] data) {
    String header = dict + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    int len = header.length();
    if (major == 1) {
      out.writeBytes(new byte[] {(byte) len, (byte) (len >>> 8)});
    } else {
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(len).array());
    }
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }
}
