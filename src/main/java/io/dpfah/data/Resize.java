package io.dpfah.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Separable bilinear (triangle-filter) resizing of 8-bit CHW images with half-pixel centres, as
 * PIL's {@code BILINEAR} and torchvision's antialiased resize: when shrinking, the filter widens
 * with the scale so every source pixel contributes (no aliasing); when enlarging, it is plain
 * bilinear interpolation.
 */
public final class Resize {
  private record Key(int in, int out) {}

  /** Per-output-pixel source window start and normalised weights. */
  private record Coeffs(int[] start, float[][] weights) {}

  private static final Map<Key, Coeffs> CACHE = new ConcurrentHashMap<>();

  private Resize() {}

  /** Resizes {@code src} to {@code height x width} (any aspect change is a stretch). */
  public static RawImage bilinear(RawImage src, int height, int width) {
    if (src.height() == height && src.width() == width) {
      return src;
    }
    Coeffs cx = CACHE.computeIfAbsent(new Key(src.width(), width), k -> coeffs(k.in, k.out));
    Coeffs cy = CACHE.computeIfAbsent(new Key(src.height(), height), k -> coeffs(k.in, k.out));
    int c = src.channels();
    int sh = src.height();
    int sw = src.width();
    byte[] in = src.pixels();
    byte[] out = new byte[c * height * width];
    float[] tmp = new float[sh * width];
    for (int ch = 0; ch < c; ch++) {
      int base = ch * sh * sw;
      for (int y = 0; y < sh; y++) {
        int row = base + y * sw;
        for (int x = 0; x < width; x++) {
          float[] w = cx.weights[x];
          int s = row + cx.start[x];
          float acc = 0;
          for (int k = 0; k < w.length; k++) {
            acc += w[k] * (in[s + k] & 0xff);
          }
          tmp[y * width + x] = acc;
        }
      }
      int obase = ch * height * width;
      for (int y = 0; y < height; y++) {
        float[] w = cy.weights[y];
        int s = cy.start[y];
        for (int x = 0; x < width; x++) {
          float acc = 0;
          for (int k = 0; k < w.length; k++) {
            acc += w[k] * tmp[(s + k) * width + x];
          }
          int v = Math.round(acc);
          out[obase + y * width + x] = (byte) Math.min(255, Math.max(0, v));
        }
      }
    }
    return new RawImage(c, height, width, out);
  }

  private static Coeffs coeffs(int in, int out) {
    double scale = (double) in / out;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale;
    int[] start = new int[out];
    float[][] weights = new float[out][];
    for (int i = 0; i < out; i++) {
      double center = (i + 0.5) * scale;
      int lo = Math.max(0, (int) Math.floor(center - support + 0.5));
      int hi = Math.min(in, (int) Math.floor(center + support + 0.5));
      double[] w = new double[hi - lo];
      double sum = 0;
      for (int j = lo; j < hi; j++) {
        double t = Math.abs((j + 0.5 - center) / filterScale);
        w[j - lo] = Math.max(0, 1 - t);
        sum += w[j - lo];
      }
      int first = 0;
      int last = w.length;
      while (first < last && w[first] == 0) {
        first++;
      }
      while (last > first && w[last - 1] == 0) {
        last--;
      }
      if (first == last) {
        first = 0;
        last = 1;
        w[0] = 1;
        sum = 1;
      }
      float[] f = new float[last - first];
      for (int k = first; k < last; k++) {
        f[k - first] = (float) (w[k] / sum);
      }
      start[i] = lo + first;
      weights[i] = f;
    }
    return new Coeffs(start, weights);
  }
}
