package io.dpfah.data;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Iterates mini-batches of pipeline outputs over an index array, decoding and transforming on a
 * thread pool with prefetch of the following batches.
 *
 * <p>Determinism: the epoch order is a Fisher-Yates shuffle drawn from {@code mix(seed, epoch)};
 * each sample's augmentation draws from its own generator seeded by {@code mix(seed, epoch,
 * poolIndex)} and writes its own slot, so the same seed gives bit-identical batches whatever the
 * number of workers.
 */
public final class BatchLoader implements AutoCloseable {
  /**
   * One mini-batch.
   *
   * @param poolIndices pool index of each sample
   * @param pixels {@code B x C x H x W} float32, sample-major
   * @param channels C
   * @param height H
   * @param width W
   * @param labels labels of the samples, in batch order
   */
  public record Batch(
      int[] poolIndices, float[] pixels, int channels, int height, int width, Labels labels) {
    /** Number of samples B. */
    public int size() {
      return poolIndices.length;
    }
  }

  /**
   * Loader settings.
   *
   * @param batchSize samples per batch
   * @param shuffle reshuffle every epoch (training) or keep index order (evaluation)
   * @param dropLast drop a final incomplete batch
   * @param workers decoding threads, 0 = available processors
   * @param prefetch batches prepared ahead of the consumer
   */
  public record Options(int batchSize, boolean shuffle, boolean dropLast, int workers,
      int prefetch) {
    /** Checks ranges. */
    public Options {
      if (batchSize <= 0 || workers < 0 || prefetch < 0) {
        throw new IllegalArgumentException(
            "batchSize must be > 0, workers and prefetch >= 0: " + batchSize + ", " + workers
                + ", " + prefetch);
      }
    }

    /** Training defaults: shuffled, last partial batch kept, prefetch 2. */
    public static Options training(int batchSize, int workers) {
      return new Options(batchSize, true, false, workers, 2);
    }

    /** Evaluation defaults: index order, prefetch 2. */
    public static Options evaluation(int batchSize, int workers) {
      return new Options(batchSize, false, false, workers, 2);
    }
  }

  private static final AtomicInteger POOL_ID = new AtomicInteger();

  private final ImageSource pool;
  private final int[] indices;
  private final ImagePipeline pipeline;
  private final Options options;
  private final long seed;
  private final ImageCache cache;
  private final ExecutorService executor;
  private final int threads;

  /**
   * A loader over {@code indices} of {@code pool}.
   *
   * @param cache prepared-image cache, or {@code null}
   */
  public BatchLoader(ImageSource pool, int[] indices, ImagePipeline pipeline, Options options,
      long seed, ImageCache cache) {
    this.pool = pool;
    this.indices = indices.clone();
    this.pipeline = pipeline;
    this.options = options;
    this.seed = seed;
    this.cache = cache;
    this.threads =
        options.workers() == 0 ? Runtime.getRuntime().availableProcessors() : options.workers();
    int id = POOL_ID.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "dpfah-data-" + id + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Number of batches per epoch. */
  public int numBatches() {
    int b = options.batchSize();
    return options.dropLast() ? indices.length / b : (indices.length + b - 1) / b;
  }

  /** Number of samples the loader iterates over. */
  public int numSamples() {
    return indices.length;
  }

  /** Pool indices of epoch {@code epoch} in iteration order. */
  public int[] order(int epoch) {
    int[] a = indices.clone();
    if (options.shuffle()) {
      SplittableRandom r = new SplittableRandom(mix(seed, epoch, -1));
      for (int i = a.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    }
    return a;
  }

  /** The batches of epoch {@code epoch} (0-based); iterate each returned iterable once. */
  public Iterable<Batch> epoch(int epoch) {
    return epoch(epoch, 0);
  }

  /**
   * Batches {@code fromBatch}, {@code fromBatch + 1}, ... of epoch {@code epoch}: the same
   * batches, bit for bit, as the full epoch delivers after its first {@code fromBatch} (a resumed
   * epoch starts there without decoding the batches before).
   */
  public Iterable<Batch> epoch(int epoch, int fromBatch) {
    if (fromBatch < 0 || fromBatch > numBatches()) {
      throw new IllegalArgumentException("batch " + fromBatch + " of an epoch of " + numBatches());
    }
    return () -> new EpochIterator(epoch, fromBatch);
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private final class EpochIterator implements Iterator<Batch> {
    private final int epoch;
    private final int[] order;
    private final int total;
    private final ArrayDeque<CompletableFuture<Batch>> pending = new ArrayDeque<>();
    private int submitted;
    private int delivered;

    EpochIterator(int epoch, int fromBatch) {
      this.epoch = epoch;
      this.order = order(epoch);
      this.total = numBatches();
      this.submitted = fromBatch;
      this.delivered = fromBatch;
    }

    @Override
    public boolean hasNext() {
      return delivered < total;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      while (submitted < total && submitted <= delivered + options.prefetch()) {
        pending.add(submit(submitted++));
      }
      delivered++;
      try {
        return pending.poll().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw e;
      }
    }

    private CompletableFuture<Batch> submit(int b) {
      int from = b * options.batchSize();
      int to = Math.min(order.length, from + options.batchSize());
      int[] idx = Arrays.copyOfRange(order, from, to);
      int sample = pipeline.sampleSize();
      float[] px = new float[idx.length * sample];
      int chunks = Math.min(threads, idx.length);
      CompletableFuture<?>[] parts = new CompletableFuture<?>[chunks];
      for (int c = 0; c < chunks; c++) {
        int lo = idx.length * c / chunks;
        int hi = idx.length * (c + 1) / chunks;
        parts[c] =
            CompletableFuture.runAsync(
                () -> {
                  for (int s = lo; s < hi; s++) {
                    fill(idx[s], px, s * sample);
                  }
                },
                executor);
      }
      return CompletableFuture.allOf(parts)
          .thenApply(
              v -> new Batch(idx, px, pipeline.channels(), pipeline.size(), pipeline.size(),
                  pool.labels().subset(idx)));
    }

    private void fill(int poolIndex, float[] out, int offset) {
      RawImage prepared = cache == null ? null : cache.get(poolIndex);
      if (prepared == null) {
        try {
          prepared = pipeline.prepare(pool.image(poolIndex));
        } catch (IOException e) {
          throw new DataException(
              pool.origin(poolIndex) + ": cannot read image: " + e.getMessage(), e);
        }
        if (cache != null) {
          cache.put(poolIndex, prepared);
        }
      }
      pipeline.finish(prepared, new SplittableRandom(mix(seed, epoch, poolIndex)), out, offset);
    }
  }

  /** Mixes seed, epoch and sample into a well-spread 64-bit seed (SplitMix64 finaliser). */
  static long mix(long seed, int epoch, int sample) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1) + 0xD1B54A32D192ED03L * (sample + 2L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
