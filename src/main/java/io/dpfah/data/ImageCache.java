package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prepared (decoded, converted, resized; not augmented) images by pool index, bounded by a
 * memory budget: once full, further images are simply not cached. Share one cache only among
 * loaders of the same pool and the same {@link DataSpec} geometry. Thread-safe.
 */
public final class ImageCache {
  private final ConcurrentHashMap<Integer, RawImage> map = new ConcurrentHashMap<>();
  private final AtomicLong used = new AtomicLong();
  private final long budgetBytes;

  /** A cache holding at most about {@code budgetBytes} of pixels. */
  public ImageCache(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** A cache sized to a quarter of the maximum heap when {@code spec.cache()}, else {@code null}. */
  public static ImageCache forSpec(DataSpec spec) {
    return spec.cache() ? new ImageCache(Runtime.getRuntime().maxMemory() / 4) : null;
  }

  /** The cached image, or {@code null}. */
  public RawImage get(int poolIndex) {
    return map.get(poolIndex);
  }

  /** Caches {@code img} if the budget allows. */
  public void put(int poolIndex, RawImage img) {
    long bytes = img.pixels().length + 64L;
    if (used.addAndGet(bytes) > budgetBytes) {
      used.addAndGet(-bytes);
      return;
    }
    if (map.putIfAbsent(poolIndex, img) != null) {
      used.addAndGet(-bytes);
    }
  }

  /** Number of cached images. */
  public int size() {
    return map.size();
  }

  /** Approximate bytes held. */
  public long usedBytes() {
    return used.get();
  }
}
