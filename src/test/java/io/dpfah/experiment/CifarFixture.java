package io.dpfah.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes a small, learnable CIFAR-10 set in the official binary layout
 * ({@code root/cifar-10-batches-bin/data_batch_1..5.bin, test_batch.bin}): every record is a
 * label byte and three 32x32 colour planes. Class {@code c} has its own colour and stripe
 * direction (per-class prototype) plus uniform pixel noise, so a small network separates them.
 */
public final class CifarFixture {
  /** Batch file names in the official order. */
  public static final List<String> FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
      "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");

  /** Bytes per record. */
  public static final int RECORD = 1 + 3 * 32 * 32;

  private CifarFixture() {}

  /**
   * Writes six files of {@code perFile} records (labels cycle 0..9, so each class has
   * {@code 6 * perFile / 10} images when perFile is a multiple of 10); returns the batches folder.
   */
  public static Path write(Path root, int perFile, long seed) throws IOException {
    Path dir = Files.createDirectories(root.resolve("cifar-10-batches-bin"));
    Random rnd = new Random(seed);
    for (String f : FILES) {
      byte[] bytes = new byte[perFile * RECORD];
      for (int r = 0; r < perFile; r++) {
        int label = r % 10;
        bytes[r * RECORD] = (byte) label;
        for (int ch = 0; ch < 3; ch++) {
          for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
              double v = prototype(label, ch, y, x) + 60 * (rnd.nextDouble() - 0.5);
              int b = (int) Math.max(0, Math.min(255, Math.round(v)));
              bytes[r * RECORD + 1 + ch * 1024 + y * 32 + x] = (byte) b;
            }
          }
        }
      }
      Files.write(dir.resolve(f), bytes);
    }
    return dir;
  }

  /** Class colour (3 bits of the class id over R, G, B) times stripes in a class-dependent direction. */
  private static double prototype(int label, int ch, int y, int x) {
    boolean on = ((label >> ch) & 1) == 1 || (label >= 8 && ch == 2 - (label - 8));
    int coordinate = switch (label % 3) {
      case 0 -> y;
      case 1 -> x;
      default -> x + y;
    };
    boolean stripe = (coordinate / 4) % 2 == 0;
    return (on ? 200 : 40) * (stripe ? 1.0 : 0.55);
  }
}
