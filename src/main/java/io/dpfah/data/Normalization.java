package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Per-channel normalisation {@code (x/255 - mean) / std} applied after augmentation.
 *
 * @param kind none, imagenet or dataset
 * @param mean per output channel, in [0,1] pixel units
 * @param std per output channel
 */
public record Normalization(String kind, float[] mean, float[] std) {
  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** Checks lengths and positive deviations. */
  public Normalization {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean and std lengths differ");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** x/255 only. */
  public static Normalization none(int channels) {
    float[] m = new float[channels];
    float[] s = new float[channels];
    Arrays.fill(s, 1f);
    return new Normalization("none", m, s);
  }

  /** ImageNet statistics (a 1-channel input uses the channel averages). */
  public static Normalization imagenet(int channels) {
    if (channels == 3) {
      return new Normalization("imagenet", IMAGENET_MEAN, IMAGENET_STD);
    }
    return new Normalization("imagenet", new float[] {0.449f}, new float[] {0.226f});
  }

  /**
   * The normalisation {@code spec.normalization()} asks for; for {@code dataset} the per-channel
   * mean and std of the prepared (resized/padded, unaugmented) images of {@code data.train()}.
   */
  public static Normalization resolve(DataSpec spec, RetrievalData data) {
    String kind = spec.normalization() == null ? "none" : spec.normalization();
    return switch (kind) {
      case "none" -> none(spec.channels());
      case "imagenet" -> imagenet(spec.channels());
      case "dataset" -> compute(
          data.pool(), data.train(), new ImagePipeline(spec, ImagePipeline.Mode.EVAL, null));
      default -> throw new DataException(
          "data.normalization: unknown value '" + kind + "', expected none, imagenet or dataset");
    };
  }

  /**
   * Exact per-channel mean and (population) std over the prepared images at {@code indices};
   * integer sums make the result independent of thread scheduling.
   */
  public static Normalization compute(ImageSource pool, int[] indices, ImagePipeline prep) {
    int c = prep.channels();
    long[] acc =
        IntStream.range(0, indices.length)
            .parallel()
            .mapToObj(
                r -> {
                  try {
                    byte[] px = prep.prepare(pool.image(indices[r])).pixels();
                    long[] a = new long[3 * c];
                    int plane = px.length / c;
                    for (int ch = 0; ch < c; ch++) {
                      long s = 0;
                      long s2 = 0;
                      for (int i = ch * plane; i < (ch + 1) * plane; i++) {
                        int v = px[i] & 0xff;
                        s += v;
                        s2 += v * v;
                      }
                      a[3 * ch] = s;
                      a[3 * ch + 1] = s2;
                      a[3 * ch + 2] = plane;
                    }
                    return a;
                  } catch (IOException e) {
                    throw new DataException(
                        pool.origin(indices[r]) + ": cannot read image: " + e.getMessage(), e);
                  }
                })
            .reduce(
                (a, b) -> {
                  long[] s = new long[a.length];
                  for (int i = 0; i < s.length; i++) {
                    s[i] = a[i] + b[i];
                  }
                  return s;
                })
            .orElseThrow(() -> new DataException("normalization dataset: empty train split"));
    float[] mean = new float[c];
    float[] std = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double n = acc[3 * ch + 2];
      double m = acc[3 * ch] / n;
      double var = acc[3 * ch + 1] / n - m * m;
      mean[ch] = (float) (m / 255);
      std[ch] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, var)) / 255);
    }
    return new Normalization("dataset", mean, std);
  }

  /** Mean as a list, for provenance. */
  public List<Float> meanList() {
    return toList(mean);
  }

  /** Std as a list, for provenance. */
  public List<Float> stdList() {
    return toList(std);
  }

  private static List<Float> toList(float[] a) {
    Float[] b = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return List.of(b);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
