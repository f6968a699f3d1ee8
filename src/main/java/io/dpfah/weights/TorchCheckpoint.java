package io.dpfah.weights;

import io.dpfah.weights.SafeUnpickler.StorageRef;
import io.dpfah.weights.SafeUnpickler.TensorRef;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * A {@code torch.save} state dict: the zip format (PyTorch ≥ 1.6: {@code <name>/data.pkl} plus one
 * {@code <name>/data/<key>} entry per storage) or the legacy format (magic number, protocol and
 * system-info pickles, the state-dict pickle, the storage-key list, then each storage as an
 * 8-byte element count and its raw bytes). Tensors are rebuilt from (storage, offset, size,
 * stride); nothing in the file is executed (see {@link SafeUnpickler}).
 */
final class TorchCheckpoint implements WeightsFile {

  private interface Storages extends AutoCloseable {
    /** {@code length} bytes of storage {@code key} from byte {@code start}. */
    byte[] read(String key, long start, int length) throws IOException;

    @Override
    void close() throws IOException;
  }

  private final Path path;
  private final Map<String, TensorRef> tensors;
  private final Map<String, long[]> shapes = new LinkedHashMap<>();
  private final Storages storages;

  private TorchCheckpoint(Path path, Map<String, TensorRef> tensors, Storages storages) {
    this.path = path;
    this.tensors = tensors;
    this.storages = storages;
    tensors.forEach((k, t) -> shapes.put(k, t.size()));
  }

  static TorchCheckpoint openZip(Path file) {
    ZipFile zip = null;
    try {
      zip = new ZipFile(file.toFile());
      String pkl = null;
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.endsWith("data.pkl") && (pkl == null || name.length() < pkl.length())) {
          pkl = name;
        }
      }
      if (pkl == null) {
        throw new WeightsException(file + ": a zip without data.pkl is not a torch.save file");
      }
      String prefix = pkl.substring(0, pkl.length() - "data.pkl".length()) + "data/";
      Object root;
      try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(pkl)))) {
        root = new SafeUnpickler(file.toString(), id -> new StorageRef(
            (DType) id[1], String.valueOf(id[2]), ((Number) id[4]).longValue(), 0)).load(in);
      }
      ZipFile z = zip;
      Storages storages = new Storages() {
        @Override
        public byte[] read(String key, long start, int length) throws IOException {
          ZipEntry entry = z.getEntry(prefix + key);
          if (entry == null) {
            throw new IOException("storage entry " + prefix + key + " is missing");
          }
          try (InputStream in = z.getInputStream(entry)) {
            in.skipNBytes(start);
            byte[] b = in.readNBytes(length);
            if (b.length != length) {
              throw new IOException("storage entry " + prefix + key + " is truncated");
            }
            return b;
          }
        }

        @Override
        public void close() throws IOException {
          z.close();
        }
      };
      TorchCheckpoint c = new TorchCheckpoint(file, tensors(file, root), storages);
      zip = null;
      return c;
    } catch (IOException | PickleException | ClassCastException e) {
      throw new WeightsException(file + ": not a readable torch.save file (" + e.getMessage()
          + ")", e);
    } finally {
      closeQuietly(zip);
    }
  }

  static TorchCheckpoint openLegacy(Path file) {
    try (CountingStream in = new CountingStream(Files.newInputStream(file))) {
      String name = file.toString();
      Object magic = new SafeUnpickler(name, id -> null).load(in);
      if (!(magic instanceof Number n) || !n.toString().equals("119547037146038801333356")) {
        throw new WeightsException(file + ": neither a torch.save file nor .safetensors");
      }
      new SafeUnpickler(name, id -> null).load(in);
      new SafeUnpickler(name, id -> null).load(in);
      Map<String, DType> dtypes = new HashMap<>();
      Object root = new SafeUnpickler(name, id -> {
        String key = String.valueOf(id[2]);
        dtypes.put(key, (DType) id[1]);
        long offset = 0;
        long numel = ((Number) id[4]).longValue();
        if (id.length > 5 && id[5] instanceof Object[] view) {
          offset = ((Number) view[1]).longValue();
          numel = ((Number) view[2]).longValue();
        }
        return new StorageRef((DType) id[1], key, numel, offset);
      }).load(in);
      Object keys = new SafeUnpickler(name, id -> null).load(in);
      Map<String, Long> positions = new HashMap<>();
      ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      for (Object k : (List<?>) keys) {
        String key = String.valueOf(k);
        DType dtype = dtypes.get(key);
        byte[] header = in.readNBytes(8);
        if (header.length != 8 || dtype == null) {
          throw new WeightsException(file + ": storage " + key + " is missing or truncated");
        }
        long numel = count.clear().put(header).getLong(0);
        positions.put(key, in.position);
        in.skipNBytes(numel * dtype.bytes);
      }
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      Storages storages = new Storages() {
        @Override
        public byte[] read(String key, long start, int length) throws IOException {
          Long at = positions.get(key);
          if (at == null) {
            throw new IOException("storage " + key + " is missing");
          }
          ByteBuffer b = ByteBuffer.allocate(length);
          while (b.hasRemaining()) {
            if (ch.read(b, at + start + b.position()) < 0) {
              throw new IOException("storage " + key + " is truncated");
            }
          }
          return b.array();
        }

        @Override
        public void close() throws IOException {
          ch.close();
        }
      };
      return new TorchCheckpoint(file, tensors(file, root), storages);
    } catch (IOException | PickleException | ClassCastException e) {
      throw new WeightsException(file + ": not a readable torch.save file (" + e.getMessage()
          + ")", e);
    }
  }

  private static Map<String, TensorRef> tensors(Path file, Object root) {
    if (!(root instanceof Map<?, ?> map)) {
      throw new WeightsException(file + ": expected a state dict (a mapping of names to tensors),"
          + " found " + (root == null ? "None" : root.getClass().getSimpleName()));
    }
    Map<String, TensorRef> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof TensorRef t)) {
        throw new WeightsException(file + ": " + e.getKey() + ": not a tensor; expected a state"
            + " dict (a full checkpoint holding one? pass its state_dict)");
      }
      out.put(String.valueOf(e.getKey()), t);
    }
    return out;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Map<String, long[]> shapes() {
    return shapes;
  }

  @Override
  public float[] floats(String key) {
    TensorRef t = tensors.get(key);
    if (t == null) {
      throw new WeightsException(path + ": no tensor '" + key + "'");
    }
    long[] size = t.size();
    long[] stride = t.stride();
    long numel = 1;
    long extent = 1;
    boolean contiguous = true;
    long expected = 1;
    for (int i = size.length - 1; i >= 0; i--) {
      numel *= size[i];
      extent += (size[i] - 1) * stride[i];
      contiguous &= size[i] == 1 || stride[i] == expected;
      expected *= size[i];
    }
    if (numel == 0) {
      return new float[0];
    }
    DType dtype = t.storage().dtype();
    long first = t.storage().offset() + t.offset();
    try {
      long span = contiguous ? numel : extent;
      byte[] raw = storages.read(t.storage().key(), first * dtype.bytes,
          Math.toIntExact(span * dtype.bytes));
      if (contiguous) {
        return dtype.decode(raw, numel);
      }
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[Math.toIntExact(numel)];
      long[] index = new long[size.length];
      for (int n = 0; n < out.length; n++) {
        long at = 0;
        for (int d = 0; d < size.length; d++) {
          at += index[d] * stride[d];
        }
        out[n] = dtype.get(b, at);
        for (int d = size.length - 1; d >= 0 && ++index[d] == size[d]; d--) {
          index[d] = 0;
        }
      }
      return out;
    } catch (IOException e) {
      throw new WeightsException(path + ": " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closeQuietly(storages);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // read-only
      }
    }
  }

  /** Counts the bytes read, to find the legacy format's storages. */
  private static final class CountingStream extends FilterInputStream {
    long position;

    CountingStream(InputStream in) {
      super(new BufferedInputStream(in, 1 << 16));
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        position++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      position += s;
      return s;
    }
  }
}
