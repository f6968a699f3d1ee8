package io.dpfah.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

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
    return writeFiles(root, perFile, seed, CifarFixture::stripedImage);
  }

  /** Prototype plus uniform noise of ±30, planes of 1024 values in (y, x) order. */
  private static double[][] stripedImage(int label, Random rnd) {
    double[][] img = new double[3][1024];
    for (int ch = 0; ch < 3; ch++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          img[ch][y * 32 + x] = prototype(label, ch, y, x) + 60 * (rnd.nextDouble() - 0.5);
        }
      }
    }
    return img;
  }

  /**
   * Writes the six batch files: record r of each file has label {@code r mod 10} and the image
   * {@code image(label, rnd)} (three planes of 1024 values, rounded and clipped to 0..255).
   */
  private static Path writeFiles(Path root, int perFile, long seed,
      BiFunction<Integer, Random, double[][]> image) throws IOException {
    Path dir = Files.createDirectories(root.resolve("cifar-10-batches-bin"));
    Random rnd = new Random(seed);
    for (String f : FILES) {
      byte[] bytes = new byte[perFile * RECORD];
      for (int r = 0; r < perFile; r++) {
        int label = r % 10;
        bytes[r * RECORD] = (byte) label;
        double[][] img = image.apply(label, rnd);
        for (int ch = 0; ch < 3; ch++) {
          for (int p = 0; p < 1024; p++) {
            int b = (int) Math.max(0, Math.min(255, Math.round(img[ch][p])));
            bytes[r * RECORD + 1 + ch * 1024 + p] = (byte) b;
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

  /**
   * Writes six files of {@code perFile} records (labels cycle 0..9) of textured, natural-image-like
   * classes: an oriented sinusoidal grating over a coloured background, plus a distracting
   * Gaussian blob of random colour, size and position, random contrast and brightness, and pixel
   * noise. Class {@code c} fixes the grating's orientation ({@code c mod 5} · 36°, ±6° jitter),
   * its frequency band (2.5 or 5 cycles per image for c &lt; 5 or ≥ 5, ±12%) and the hue
   * ({@code (c + c / 5) mod 5} of five, ±0.06): two classes share every hue and two every
   * orientation, so neither colour nor orientation alone tells the classes apart. The phase is
   * random, so no pixel is informative by itself.
   */
  public static Path writeTextured(Path root, int perFile, long seed) throws IOException {
    return writeFiles(root, perFile, seed, CifarFixture::texturedImage);
  }

  private static double[][] texturedImage(int label, Random rnd) {
    double angle = Math.toRadians((label % 5) * 36 + 6 * (2 * rnd.nextDouble() - 1));
    double cycles = (label < 5 ? 2.5 : 5.0) * (1 + 0.12 * (2 * rnd.nextDouble() - 1));
    double phase = 2 * Math.PI * rnd.nextDouble();
    double[] colour = hsv(((label + label / 5) % 5) / 5.0 + 0.06 * (2 * rnd.nextDouble() - 1),
        0.3 + 0.45 * rnd.nextDouble(), 0.45 + 0.4 * rnd.nextDouble());
    double contrast = 0.12 + 0.23 * rnd.nextDouble();
    double[] blob = hsv(rnd.nextDouble(), rnd.nextDouble(), 0.3 + 0.7 * rnd.nextDouble());
    double bx = 32 * rnd.nextDouble();
    double by = 32 * rnd.nextDouble();
    double radius = 3 + 7 * rnd.nextDouble();
    double[][] img = new double[3][1024];
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        double t = (x * Math.cos(angle) + y * Math.sin(angle)) / 32;
        double grating = 1 + contrast * Math.sin(2 * Math.PI * cycles * t + phase);
        double mask = Math.exp(-((x - bx) * (x - bx) + (y - by) * (y - by))
            / (2 * radius * radius));
        for (int ch = 0; ch < 3; ch++) {
          double v = 255 * colour[ch] * grating;
          v = (1 - mask) * v + mask * 255 * blob[ch];
          img[ch][y * 32 + x] = v + 20 * rnd.nextGaussian();
        }
      }
    }
    return img;
  }

  /** RGB in [0, 1] of a hue (any real, taken mod 1), saturation and value. */
  private static double[] hsv(double hue, double s, double v) {
    double h = ((hue % 1) + 1) % 1 * 6;
    int sector = (int) Math.floor(h) % 6;
    double f = h - Math.floor(h);
    double p = v * (1 - s);
    double q = v * (1 - s * f);
    double t = v * (1 - s * (1 - f));
    return switch (sector) {
      case 0 -> new double[] {v, t, p};
      case 1 -> new double[] {q, v, p};
      case 2 -> new double[] {p, v, t};
      case 3 -> new double[] {p, q, v};
      case 4 -> new double[] {t, p, v};
      default -> new double[] {v, p, q};
    };
  }
}
