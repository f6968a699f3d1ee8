package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.util.SplittableRandom;

/**
 * Turns a decoded image into a normalised float32 CHW network input, in two stages.
 *
 * <p>{@link #prepare} (deterministic, cacheable): channel conversion (grey replicated to RGB, or
 * RGB to grey by ITU-R 601 luma) and geometry to the base side — a 28x28 image is zero-padded by
 * 2 pixels to 32x32 when the base side is 32; any other size is resized bilinearly to the base
 * side, which is {@code augmentation.resize} when set, else {@code imageSize}.
 *
 * <p>{@link #finish} (random in training): crop from the base side to {@code imageSize} (random in
 * training, centred in evaluation), then in training a horizontal flip with probability 1/2
 * ({@code augmentation.flip}) and zero-pad-by-{@code cropPadding}-and-random-crop; finally
 * {@code (x/255 - mean[c]) / std[c]}. Random draws, in order: crop offset (y, x) when the base
 * side exceeds imageSize, flip, pad-crop offset (y, x).
 */
public final class ImagePipeline {
  /** Training (random augmentation) or evaluation (deterministic). */
  public enum Mode {
    /** Random crop, flip and pad-crop as configured. */
    TRAIN,
    /** Centre crop only. */
    EVAL
  }

  private final int channels;
  private final int size;
  private final int base;
  private final boolean train;
  private final boolean flip;
  private final int pad;
  private final Normalization norm;

  /**
   * A pipeline for {@code spec} in {@code mode}; {@code norm == null} means no normalisation
   * (x/255), which suits {@link #prepare}-only uses such as computing dataset statistics.
   */
  public ImagePipeline(DataSpec spec, Mode mode, Normalization norm) {
    if (spec.channels() != 1 && spec.channels() != 3) {
      throw new DataException("data.channels is " + spec.channels() + ", expected 1 or 3");
    }
    if (spec.imageSize() <= 0) {
      throw new DataException("data.imageSize is " + spec.imageSize() + ", expected > 0");
    }
    this.channels = spec.channels();
    this.size = spec.imageSize();
    DataSpec.AugmentSpec aug = spec.augmentation();
    int resize = aug == null ? 0 : aug.resize();
    if (resize != 0 && resize < size) {
      throw new DataException(
          "data.augmentation.resize is " + resize + ", expected 0 or >= imageSize " + size);
    }
    this.base = resize == 0 ? size : resize;
    this.train = mode == Mode.TRAIN;
    this.flip = train && aug != null && aug.flip();
    this.pad = train && aug != null ? aug.cropPadding() : 0;
    this.norm = norm == null ? Normalization.none(channels) : norm;
    if (this.norm.mean().length != channels) {
      throw new IllegalArgumentException(
          "normalisation has " + this.norm.mean().length + " channels, pipeline " + channels);
    }
  }

  /** Output channels. */
  public int channels() {
    return channels;
  }

  /** Output side (height = width = imageSize). */
  public int size() {
    return size;
  }

  /** Floats per output image. */
  public int sampleSize() {
    return channels * size * size;
  }

  /** The normalisation applied by {@link #finish}. */
  public Normalization normalization() {
    return norm;
  }

  /** Deterministic stage: channel conversion and padding/resizing to the base side. */
  public RawImage prepare(RawImage src) {
    RawImage img = convertChannels(src);
    if (img.height() == base && img.width() == base) {
      return img;
    }
    if (img.height() == 28 && img.width() == 28 && base == 32) {
      return padTo32(img);
    }
    return Resize.bilinear(img, base, base);
  }

  /**
   * Random/normalising stage: writes {@link #sampleSize()} floats at {@code out[offset..]}.
   * {@code prepared} must come from {@link #prepare}; {@code rnd} is only used in training.
   */
  public void finish(RawImage prepared, SplittableRandom rnd, float[] out, int offset) {
    int cy = (base - size) / 2;
    int cx = cy;
    if (train && base > size) {
      cy = rnd.nextInt(base - size + 1);
      cx = rnd.nextInt(base - size + 1);
    }
    boolean flipped = flip && rnd.nextBoolean();
    int oy = 0;
    int ox = 0;
    if (pad > 0) {
      oy = rnd.nextInt(2 * pad + 1) - pad;
      ox = rnd.nextInt(2 * pad + 1) - pad;
    }
    byte[] px = prepared.pixels();
    float[] mean = norm.mean();
    float[] std = norm.std();
    for (int ch = 0; ch < channels; ch++) {
      int in = ch * base * base;
      int o = offset + ch * size * size;
      float m = mean[ch];
      float inv = 1f / std[ch];
      float zero = (0f - m) * inv;
      for (int y = 0; y < size; y++) {
        int sy = y + oy;
        for (int x = 0; x < size; x++) {
          int sx = x + ox;
          float v;
          if (sy < 0 || sy >= size || sx < 0 || sx >= size) {
            v = zero;
          } else {
            int fx = flipped ? size - 1 - sx : sx;
            v = ((px[in + (sy + cy) * base + fx + cx] & 0xff) / 255f - m) * inv;
          }
          out[o + y * size + x] = v;
        }
      }
    }
  }

  /** Both stages into a new array. */
  public float[] apply(RawImage src, SplittableRandom rnd) {
    float[] out = new float[sampleSize()];
    finish(prepare(src), rnd, out, 0);
    return out;
  }

  private RawImage convertChannels(RawImage src) {
    if (src.channels() == channels) {
      return src;
    }
    int n = src.height() * src.width();
    byte[] in = src.pixels();
    if (src.channels() == 1 && channels == 3) {
      byte[] out = new byte[3 * n];
      System.arraycopy(in, 0, out, 0, n);
      System.arraycopy(in, 0, out, n, n);
      System.arraycopy(in, 0, out, 2 * n, n);
      return new RawImage(3, src.height(), src.width(), out);
    }
    if (src.channels() == 3 && channels == 1) {
      byte[] out = new byte[n];
      for (int p = 0; p < n; p++) {
        double l = 0.299 * (in[p] & 0xff) + 0.587 * (in[n + p] & 0xff)
            + 0.114 * (in[2 * n + p] & 0xff);
        out[p] = (byte) Math.min(255, Math.round(l));
      }
      return new RawImage(1, src.height(), src.width(), out);
    }
    throw new DataException("cannot convert a " + src.channels() + "-channel image to " + channels);
  }

  private static RawImage padTo32(RawImage img) {
    int c = img.channels();
    byte[] out = new byte[c * 32 * 32];
    byte[] in = img.pixels();
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < 28; y++) {
        System.arraycopy(in, (ch * 28 + y) * 28, out, (ch * 32 + y + 2) * 32 + 2, 28);
      }
    }
    return new RawImage(c, 32, 32, out);
  }
}
