package io.dpfah.eval;

import java.util.Arrays;

/**
 * Immutable binary hash codes of n items with K bits each, bit-packed into {@code long} words
 * (item i occupies words {@code [i*words, (i+1)*words)}, bit b of the code is bit {@code b & 63} of
 * word {@code b >>> 6}). A set bit stands for +1, a clear bit for -1; bits past K in the last word
 * are always zero, so the Hamming distance is {@code sum bitCount(a ^ b)} over the words.
 */
public final class HashCodes {
  private final int size;
  private final int bits;
  private final int words;
  private final long[] packed;

  private HashCodes(int size, int bits, long[] packed) {
    this.size = size;
    this.bits = bits;
    this.words = wordsFor(bits);
    this.packed = packed;
  }

  private static int wordsFor(int bits) {
    return (bits + 63) >>> 6;
  }

  private static void checkShape(int length, int n, int bits) {
    if (n < 0 || bits <= 0) {
      throw new IllegalArgumentException(
          "hash codes need n >= 0 and bits > 0, got n=" + n + ", bits=" + bits);
    }
    if ((long) n * bits != length) {
      throw new IllegalArgumentException(
          "hash codes: " + length + " values given, expected n*bits = " + n + "*" + bits);
    }
  }

  /**
   * Codes from a row-major array of ±1 values (n rows of {@code bits}).
   *
   * @throws IllegalArgumentException if a value is neither +1 nor -1 (message gives its position)
   */
  public static HashCodes fromSigns(byte[] pm1, int n, int bits) {
    checkShape(pm1.length, n, bits);
    int words = wordsFor(bits);
    long[] packed = new long[n * words];
    for (int i = 0; i < n; i++) {
      int row = i * bits;
      for (int b = 0; b < bits; b++) {
        byte v = pm1[row + b];
        if (v == 1) {
          packed[i * words + (b >>> 6)] |= 1L << (b & 63);
        } else if (v != -1) {
          throw new IllegalArgumentException(
              "hash code value at item " + i + ", bit " + b + " is " + v + ", expected +1 or -1");
        }
      }
    }
    return new HashCodes(n, bits, packed);
  }

  /**
   * Codes from real values (n rows of {@code bits}), binarised by sign: {@code v >= 0} gives +1
   * and {@code v < 0} gives -1. Zero maps to +1 (DeepHash-pytorch's {@code torch.sign} would give
   * 0, which it never meets on tanh outputs in practice; +1 keeps every code binary).
   *
   * @throws IllegalArgumentException on NaN
   */
  public static HashCodes fromFloats(float[] flat, int n, int bits) {
    checkShape(flat.length, n, bits);
    int words = wordsFor(bits);
    long[] packed = new long[n * words];
    for (int i = 0; i < n; i++) {
      int row = i * bits;
      for (int b = 0; b < bits; b++) {
        float v = flat[row + b];
        if (v >= 0f) {
          packed[i * words + (b >>> 6)] |= 1L << (b & 63);
        } else if (Float.isNaN(v)) {
          throw new IllegalArgumentException(
              "hash code value at item " + i + ", bit " + b + " is NaN, expected a real number");
        }
      }
    }
    return new HashCodes(n, bits, packed);
  }

  /**
   * Codes from already packed words (layout as in the class comment); the array is copied and
   * bits past {@code bits} must be zero.
   */
  public static HashCodes fromPacked(long[] packed, int n, int bits) {
    if (n < 0 || bits <= 0 || packed.length != (long) n * wordsFor(bits)) {
      throw new IllegalArgumentException(
          "packed codes: " + packed.length + " words for n=" + n + ", bits=" + bits
              + ", expected n*ceil(bits/64)");
    }
    int words = wordsFor(bits);
    int tail = bits & 63;
    if (tail != 0) {
      long mask = -1L << tail;
      for (int i = 0; i < n; i++) {
        if ((packed[i * words + words - 1] & mask) != 0) {
          throw new IllegalArgumentException("packed code of item " + i + " has bits set past bit " + bits);
        }
      }
    }
    return new HashCodes(n, bits, packed.clone());
  }

  /** Number of items. */
  public int size() {
    return size;
  }

  /** Code length K. */
  public int bits() {
    return bits;
  }

  /** Words per item, {@code ceil(bits / 64)}. */
  public int words() {
    return words;
  }

  /** Word {@code w} of item {@code i}. */
  public long word(int i, int w) {
    return packed[i * words + w];
  }

  /** Hamming distance between item {@code i} of this set and item {@code j} of {@code other}. */
  public int distance(int i, HashCodes other, int j) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(packed[i * words + w] ^ other.packed[j * other.words + w]);
    }
    return d;
  }

  /** A copy of the packed words. */
  public long[] toPacked() {
    return packed.clone();
  }

  /** Package-private view of the packed words (no copy) for the evaluator's inner loops. */
  long[] packedView() {
    return packed;
  }

  /** The codes as a row-major ±1 array (n rows of {@code bits}). */
  public byte[] toSigns() {
    byte[] out = new byte[size * bits];
    for (int i = 0; i < size; i++) {
      for (int b = 0; b < bits; b++) {
        boolean set = (packed[i * words + (b >>> 6)] & (1L << (b & 63))) != 0;
        out[i * bits + b] = set ? (byte) 1 : (byte) -1;
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HashCodes h && h.size == size && h.bits == bits && Arrays.equals(h.packed, packed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(packed) * 31 + bits;
  }

  @Override
  public String toString() {
    return "HashCodes[" + size + " x " + bits + " bits]";
  }
}
