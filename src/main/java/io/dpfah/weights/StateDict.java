package io.dpfah.weights;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Named float32 tensors plus JSON metadata — PyTorch's {@code state_dict} idea — saved as one
 * {@code .safetensors} file (readable by the {@code safetensors} Python package too; the metadata
 * is the JSON string under {@code __metadata__.dpfah}). Tensors are produced on demand when
 * written and read on demand from the file, so a large state is never held twice.
 */
public final class StateDict implements AutoCloseable {
  private static final String META_KEY = "dpfah";
  private static final int CHUNK = 1 << 20;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  /**
   * One tensor.
   *
   * @param shape its shape (row-major)
   * @param data its values, computed or read when needed
   */
  public record Tensor(long[] shape, Supplier<float[]> data) {}

  private final Map<String, Tensor> tensors = new LinkedHashMap<>();
  private final ObjectNode meta;
  private final SafeTensors file;

  /** An empty state. */
  public StateDict() {
    this(JSON.createObjectNode(), null);
  }

  private StateDict(ObjectNode meta, SafeTensors file) {
    this.meta = meta;
    this.file = file;
  }

  /** Adds a one-dimensional tensor (the array is not copied). */
  public void put(String key, float[] values) {
    put(key, new long[] {values.length}, () -> values);
  }

  /** Adds a tensor whose values are produced when the state is written. */
  public void put(String key, long[] shape, Supplier<float[]> values) {
    if (tensors.putIfAbsent(key, new Tensor(shape.clone(), values)) != null) {
      throw new IllegalArgumentException("tensor '" + key + "' is already in the state");
    }
  }

  /** Whether there is a tensor {@code key}. */
  public boolean has(String key) {
    return tensors.containsKey(key);
  }

  /** Tensor keys, in order. */
  public Set<String> keys() {
    return tensors.keySet();
  }

  /** The shape of tensor {@code key}. */
  public long[] shape(String key) {
    return tensor(key).shape().clone();
  }

  /** The values of tensor {@code key}, row-major. */
  public float[] floats(String key) {
    return tensor(key).data().get();
  }

  private Tensor tensor(String key) {
    Tensor t = tensors.get(key);
    if (t == null) {
      throw new WeightsException(where() + "no tensor '" + key + "'");
    }
    return t;
  }

  /** Sets metadata entry {@code key} to {@code value} as JSON (a record, map, list, number...). */
  public void putMeta(String key, Object value) {
    meta.set(key, JSON.valueToTree(value));
  }

  /** Metadata entry {@code key} read as {@code type}. */
  public <T> T meta(String key, Class<T> type) {
    JsonNode n = meta.get(key);
    if (n == null) {
      throw new WeightsException(where() + "no metadata entry '" + key + "'");
    }
    try {
      return JSON.treeToValue(n, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new WeightsException(where() + "metadata entry '" + key + "' does not read as "
          + type.getSimpleName() + " (" + e.getMessage() + ")", e);
    }
  }

  /** Whether there is a metadata entry {@code key}. */
  public boolean hasMeta(String key) {
    return meta.has(key);
  }

  private String where() {
    return file == null ? "" : file.path() + ": ";
  }

  /**
   * Opens a state written by {@link #write}; tensors are read when asked for. Close it when done.
   *
   * @throws WeightsException when the file is not such a state
   */
  public static StateDict read(Path path) {
    SafeTensors st = SafeTensors.open(path);
    try {
      String text = st.metadata().get(META_KEY);
      if (text == null) {
        throw new WeightsException(path + ": not a dpfah state file (no __metadata__."
            + META_KEY + ")");
      }
      JsonNode meta;
      try {
        meta = JSON.readTree(text);
      } catch (IOException e) {
        throw new WeightsException(path + ": __metadata__." + META_KEY + " is not JSON ("
            + e.getMessage() + ")", e);
      }
      if (!(meta instanceof ObjectNode o)) {
        throw new WeightsException(path + ": __metadata__." + META_KEY + " is not a JSON object");
      }
      StateDict d = new StateDict(o, st);
      st.shapes().forEach((k, shape) -> d.tensors.put(k, new Tensor(shape, () -> st.floats(k))));
      return d;
    } catch (RuntimeException e) {
      st.close();
      throw e;
    }
  }

  /**
   * Writes the state to {@code path} atomically: into {@code <path>.tmp} beside it, forced to
   * the device, then renamed over {@code path}; a crash at any moment leaves the previous file or
   * the new one, never a mixture. Returns the file's size in bytes.
   *
   * @throws UncheckedIOException when the file cannot be written (a full disk, no permission);
   *     the temporary file is removed and {@code path} is left as it was
   */
  public long write(Path path) {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("__metadata__", Map.of(META_KEY, meta.toString()));
    Map<String, Long> counts = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      long n = 1;
      for (long d : e.getValue().shape()) {
        n *= d;
      }
      counts.put(e.getKey(), n);
      header.put(e.getKey(), Map.of("dtype", "F32", "shape", e.getValue().shape(),
          "data_offsets", List.of(offset, offset + 4 * n)));
      offset += 4 * n;
    }
    long size;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
      int padded = (json.length + 7) / 8 * 8;
      ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(padded).put(json);
      while (head.hasRemaining()) {
        head.put((byte) ' ');
      }
      head.flip();
      writeFully(ch, head);
      ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        float[] v = e.getValue().data().get();
        if (v.length != counts.get(e.getKey())) {
          throw new IllegalStateException("tensor '" + e.getKey() + "' has " + v.length
              + " values, its shape " + WeightsFile.format(e.getValue().shape()) + " holds "
              + counts.get(e.getKey()));
        }
        for (int from = 0; from < v.length; from += CHUNK) {
          int to = Math.min(v.length, from + CHUNK);
          buf.clear();
          buf.asFloatBuffer().put(v, from, to - from);
          buf.limit(4 * (to - from));
          writeFully(ch, buf);
        }
      }
      ch.force(true);
      size = ch.size();
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + path, e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + path, e);
    }
    return size;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the write failed already; that failure is the one reported
    }
  }

  /** Closes the file a state was read from (nothing for a state built in memory). */
  @Override
  public void close() {
    if (file != null) {
      file.close();
    }
  }
}
