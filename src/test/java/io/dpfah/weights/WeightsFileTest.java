package io.dpfah.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dpfah.model.Backbone;
import io.dpfah.model.BackboneRegistry;
import io.dpfah.spec.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers and the strict loader on hand-made files (no Python needed). */
class WeightsFileTest {

  @TempDir Path dir;

  /** A torch.save zip whose pickle calls os.system: rejected, nothing executed. */
  @Test
  void pickleReferencingOsSystemIsRejected() throws Exception {
    Path marker = dir.resolve("pwned");
    ByteArrayOutputStream pkl = new ByteArrayOutputStream();
    pkl.write(new byte[] {(byte) 0x80, 2});
    pkl.write(("cos\nsystem\n").getBytes(StandardCharsets.US_ASCII));
    byte[] cmd = ("touch " + marker).getBytes(StandardCharsets.UTF_8);
    pkl.write('X');
    pkl.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(cmd.length).array());
    pkl.write(cmd);
    pkl.write(new byte[] {(byte) 0x85, 'R', '.'});
    Path file = dir.resolve("evil.pth");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
      z.putNextEntry(new ZipEntry("evil/data.pkl"));
      z.write(pkl.toByteArray());
      z.closeEntry();
    }
    WeightsException e = assertThrows(WeightsException.class, () -> WeightsFile.open(file));
    assertTrue(e.getMessage().contains("os.system"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was executed"), e.getMessage());
    assertFalse(Files.exists(marker));
  }

  @Test
  void safetensorsRoundTripAndStrictShapeError() throws Exception {
    Path file = dir.resolve("w.safetensors");
    writeSafetensors(file, "conv1.weight", new long[] {64, 3, 3, 3}, new float[64 * 27]);
    try (WeightsFile w = WeightsFile.open(file)) {
      assertArrayEquals(new long[] {64, 3, 3, 3}, w.shapes().get("conv1.weight"));
      assertArrayEquals(new float[64 * 27], w.floats("conv1.weight"));
    }
    Backbone b = BackboneRegistry.create(new ModelSpec("resnet18", "imagenet", "none", 1e-4, 16,
        7, "auto"));
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      WeightsException e = assertThrows(WeightsException.class,
          () -> PretrainedWeights.load(b, file));
      String msg = e.getMessage();
      assertTrue(msg.startsWith(file.toString()), msg);
      assertTrue(msg.contains("conv1.weight: expected shape (64, 3, 7, 7), found (64, 3, 3, 3)"),
          msg);
      assertTrue(msg.contains("bn1.weight: missing"), msg);
    }
  }

  /** A header length of 0x180 bytes starts the file with 0x80, as a legacy pickle does. */
  @Test
  void safetensorsWhoseHeaderLengthStartsLikeAPickle() throws Exception {
    String key = "k".repeat(0x180 - "{\"\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
        .length());
    Path file = dir.resolve("w.safetensors");
    writeSafetensors(file, key, new long[] {2}, new float[] {1.5f, -2f});
    assertArrayEquals(new byte[] {(byte) 0x80, 1}, Arrays.copyOf(Files.readAllBytes(file), 2));
    try (WeightsFile w = WeightsFile.open(file)) {
      assertArrayEquals(new float[] {1.5f, -2f}, w.floats(key));
    }
  }

  static void writeSafetensors(Path file, String key, long[] shape, float[] values)
      throws Exception {
    StringBuilder s = new StringBuilder();
    for (long d : shape) {
      s.append(s.length() == 0 ? "" : ",").append(d);
    }
    String header = "{\"" + key + "\":{\"dtype\":\"F32\",\"shape\":[" + s + "],\"data_offsets\":[0,"
        + values.length * 4 + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + values.length * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    for (float v : values) {
      b.putFloat(v);
    }
    Files.write(file, b.array());
  }
}
