package io.dpfah.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header mapping each
 * key to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the header),
 * then the raw little-endian tensor bytes.
 */
final class SafeTensors implements WeightsFile {

  private record Entry(DType dtype, long[] shape, long begin, long end) {}

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;
  private final Map<String, long[]> shapes = new LinkedHashMap<>();
  private final Map<String, String> metadata;

  private SafeTensors(Path path, FileChannel channel, long dataStart, Map<String, Entry> entries,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
    this.metadata = metadata;
    entries.forEach((k, e) -> shapes.put(k, e.shape()));
  }

  static SafeTensors open(Path file) {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long n = len.getLong(0);
      long size = ch.size();
      if (n <= 1 || n > 100_000_000L || 8 + n > size) {
        throw new WeightsException(file + ": neither a torch.save file nor .safetensors (header"
            + " length " + n + " does not fit a " + size + "-byte file)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) n);
      readFully(ch, header, 8);
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(new String(header.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new WeightsException(file + ": .safetensors header is not JSON (" + e.getMessage()
            + ")");
      }
      Map<String, Entry> entries = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      long dataSize = size - 8 - n;
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("__metadata__")) {
          f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        entries.put(f.getKey(), entry(file, f.getKey(), f.getValue(), dataSize));
      }
      SafeTensors st = new SafeTensors(file, ch, 8 + n, entries, metadata);
      ch = null;
      return st;
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
    } finally {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the open failed already
        }
      }
    }
  }

  private static Entry entry(Path file, String key, JsonNode v, long dataSize) {
    String where = file + ": " + key + ": ";
    DType dtype = DType.ofSafetensors(v.path("dtype").asText(""));
    if (dtype == null) {
      throw new WeightsException(where + "unsupported dtype '" + v.path("dtype").asText() + "'");
    }
    JsonNode s = v.path("shape");
    JsonNode o = v.path("data_offsets");
    if (!s.isArray() || !o.isArray() || o.size() != 2) {
      throw new WeightsException(where + "header entry needs shape and data_offsets [begin, end]");
    }
    long[] shape = new long[s.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).asLong();
      numel *= shape[i];
    }
    long begin = o.get(0).asLong();
    long end = o.get(1).asLong();
    if (begin < 0 || end > dataSize || end - begin != numel * dtype.bytes) {
      throw new WeightsException(where + "data_offsets [" + begin + ", " + end + "] do not hold "
          + numel + " " + dtype + " values inside the " + dataSize + "-byte data section");
    }
    return new Entry(dtype, shape, begin, end);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf, at + buf.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Map<String, long[]> shapes() {
    return shapes;
  }

  /** The header's {@code __metadata__} (string → string), empty when there is none. */
  Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public float[] floats(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      throw new WeightsException(path + ": no tensor '" + key + "'");
    }
    try {
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(e.end() - e.begin()));
      readFully(channel, buf, dataStart + e.begin());
      return e.dtype().decode(buf.array(), (e.end() - e.begin()) / e.dtype().bytes);
    } catch (IOException ex) {
      throw new WeightsException(path + ": " + key + ": cannot read (" + ex.getMessage() + ")", ex);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // read-only file
    }
  }
}
