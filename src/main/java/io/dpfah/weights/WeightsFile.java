package io.dpfah.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A state dict on disk, read as data only: torchvision's {@code torch.save} files (zip or the
 * legacy pre-1.6 format) and {@code .safetensors}. Tensors are decoded on demand.
 */
public interface WeightsFile extends AutoCloseable {

  /** The file. */
  Path path();

  /** Key → shape of every tensor, in file order. */
  Map<String, long[]> shapes();

  /** The values of tensor {@code key}, row-major, converted to float. */
  float[] floats(String key);

  @Override
  void close();

  /** Opens {@code file}, choosing the format by its first bytes. */
  static WeightsFile open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new WeightsException(file + ": weights file not found");
    }
    byte[] head = new byte[2];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(head, 0, 2) < 2) {
        throw new WeightsException(file + ": empty or truncated weights file");
      }
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (head[0] == 'P' && head[1] == 'K') {
      return TorchCheckpoint.openZip(file);
    }
    if ((head[0] & 0xff) == 0x80) {
      return TorchCheckpoint.openLegacy(file);
    }
    return SafeTensors.open(file);
  }

  /** {@code shape} as {@code (a, b, c)}, as PyTorch prints it. */
  static String format(long[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      b.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return b.append(shape.length == 1 ? ",)" : ")").toString();
  }
}
