package io.dpfah.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.results.IoFailures;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state file is a standard .safetensors file, read back exactly, and written atomically. */
class StateDictTest {
  @TempDir Path tmp;

  record Meta(int epoch, double loss, List<String> lines) {}

  private static StateDict sample(float first) {
    StateDict d = new StateDict();
    d.put("net/w", new long[] {2, 3}, () -> new float[] {first, -2.5f, 3e-8f, Float.MIN_VALUE,
        Float.MAX_VALUE, -0f});
    d.put("method/memory", new float[] {7f});
    d.putMeta("position", new Meta(3, 0.1 + 0.2, List.of("1,0.5", "2,0.25")));
    return d;
  }

  @Test
  void writesSafetensorsAndReadsEveryBitBack() throws Exception {
    Path f = tmp.resolve("state.safetensors");
    long size = sample(1f).write(f);
    byte[] bytes = Files.readAllBytes(f);
    assertEquals(bytes.length, size);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + n) % 8, "data aligned to 8 bytes");
    JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n,
        StandardCharsets.UTF_8));
    assertEquals("F32", header.get("net/w").get("dtype").asText());
    assertEquals("[2,3]", header.get("net/w").get("shape").toString());
    assertEquals("[0,24]", header.get("net/w").get("data_offsets").toString());
    assertEquals("[24,28]", header.get("method/memory").get("data_offsets").toString());
    assertEquals(8 + n + 28, bytes.length);
    assertEquals(-2.5f, ByteBuffer.wrap(bytes, (int) (8 + n + 4), 4)
        .order(ByteOrder.LITTLE_ENDIAN).getFloat(), "little-endian float32 in row-major order");
    try (StateDict d = StateDict.read(f)) {
      assertEquals(List.of("net/w", "method/memory"), List.copyOf(d.keys()));
      assertArrayEquals(new float[] {1f, -2.5f, 3e-8f, Float.MIN_VALUE, Float.MAX_VALUE, -0f},
          d.floats("net/w"));
      assertArrayEquals(new long[] {2, 3}, d.shape("net/w"));
      Meta m = d.meta("position", Meta.class);
      assertEquals(new Meta(3, 0.1 + 0.2, List.of("1,0.5", "2,0.25")), m, "doubles exactly");
      WeightsException e = assertThrows(WeightsException.class, () -> d.floats("opt/x"));
      assertEquals(f + ": no tensor 'opt/x'", e.getMessage());
    }
  }

  @Test
  void aFileWithoutOurMetadataIsNotAState() throws Exception {
    Path f = tmp.resolve("plain.safetensors");
    byte[] json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
        .getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).putFloat(1f);
    Files.write(f, b.array());
    WeightsException e = assertThrows(WeightsException.class, () -> StateDict.read(f));
    assertEquals(f + ": not a dpfah state file (no __metadata__.dpfah)", e.getMessage());
  }

  /**
   * A full disk (the temporary file is /dev/full, whose writes fail with ENOSPC) is an I/O error
   * naming the file; the previous state file is untouched and no temporary file is left.
   */
  @Test
  void aFailedWriteLeavesThePreviousFileWhole() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.exists(full), "needs /dev/full to simulate a full disk");
    Path f = tmp.resolve("state.safetensors");
    sample(1f).write(f);
    byte[] before = Files.readAllBytes(f);
    Files.createSymbolicLink(tmp.resolve("state.safetensors.tmp"), full);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> sample(2f).write(f));
    assertEquals("cannot write " + f + ": No space left on device", IoFailures.describe(e));
    assertArrayEquals(before, Files.readAllBytes(f));
    assertFalse(Files.exists(tmp.resolve("state.safetensors.tmp"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.exists(full), "only the link was removed");
  }
}
