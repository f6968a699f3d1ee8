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
    byte[] head = new byte[9];
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      if (in.readNBytes(head, 0, 9) < 2) {
        throw new WeightsException(file + ": empty or truncated weights file");
      }
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (head[0] == 'P' && head[1] == 'K') {
      return TorchCheckpoint.openZip(file);
    }
    if (!looksLikeSafeTensors(head, size) && (head[0] & 0xff) == 0x80) {
      return TorchCheckpoint.openLegacy(file);
    }
    return SafeTensors.open(file);
  }

  /**
   * A safetensors file starts with its JSON header's length (8 bytes, little-endian) and the
   * header's "{"; that length's low byte may be 0x80, the first byte of a legacy pickle.
   */
  private static boolean looksLikeSafeTensors(byte[] head, long size) {
    long n = 0;
    for (int i = 7; i >= 0; i--) {
      n = (n << 8) | (head[i] & 0xff);
    }
    return n > 1 && 8 + n <= size && head[8] == '{';
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
