package io.dpfah.data;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A pool of equally shaped images held in one byte array (Fashion-MNIST, CIFAR-10): a training
 * part followed by a test part. Thread-safe; {@link #image(int)} returns a copy.
 */
public final class InMemoryImageSource implements TrainTestPool {
  private final int channels;
  private final int height;
  private final int width;
  private final byte[] pixels;
  private final Labels labels;
  private final List<String> classNames;
  private final int trainSize;
  private final IntFunction<String> origin;

  /**
   * A pool over {@code pixels} ({@code n} images of {@code channels*height*width} bytes, CHW).
   *
   * @param origin describes where image {@code i} came from
   */
  public InMemoryImageSource(
      int channels,
      int height,
      int width,
      byte[] pixels,
      Labels labels,
      List<String> classNames,
      int trainSize,
      IntFunction<String> origin) {
    int n = labels.size();
    if ((long) n * channels * height * width != pixels.length) {
      throw new IllegalArgumentException(
          pixels.length + " pixel bytes for " + n + " images of " + channels + "x" + height + "x"
              + width);
    }
    if (trainSize < 0 || trainSize > n) {
      throw new IllegalArgumentException("trainSize " + trainSize + " outside [0, " + n + "]");
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
    this.labels = labels;
    this.classNames = List.copyOf(classNames);
    this.trainSize = trainSize;
    this.origin = origin;
  }

  @Override
  public int size() {
    return labels.size();
  }

  @Override
  public int trainSize() {
    return trainSize;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public RawImage image(int index) {
    int s = channels * height * width;
    int from = Math.multiplyExact(index, s);
    return new RawImage(channels, height, width, Arrays.copyOfRange(pixels, from, from + s));
  }

  @Override
  public String origin(int index) {
    return origin.apply(index);
  }
}
