package io.dpfah.data;

import io.dpfah.spec.DataSpec;

/** Measures the input pipeline alone: decode + transform + batch, in images per second. */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  /**
   * A measurement.
   *
   * @param dataset data set name
   * @param images images timed
   * @param seconds wall time
   * @param imagesPerSecond throughput
   * @param batchSize batch size
   * @param workers decoding threads used (0 = cores)
   */
  public record Result(String dataset, int images, double seconds, double imagesPerSecond,
      int batchSize, int workers) {
    @Override
    public String toString() {
      return String.format("%s: %d images in %.2f s = %.0f images/s (batch %d, workers %d)",
          dataset, images, seconds, imagesPerSecond, batchSize, workers);
    }
  }

  /** Times {@code batches} training batches of 64 (after 2 warm-up batches). */
  public static Result run(DataSpec spec, long seed, int batches) {
    return run(spec, seed, 64, batches);
  }

  /**
   * Times {@code batches} training batches of {@code batchSize} over the train split with
   * training augmentation, after 2 untimed warm-up batches; epochs repeat as needed. Loading the
   * data set and computing dataset statistics are not timed.
   */
  public static Result run(DataSpec spec, long seed, int batchSize, int batches) {
    RetrievalData data = ProtocolRegistry.load(spec, seed);
    Normalization norm = Normalization.resolve(spec, data);
    ImagePipeline pipe = new ImagePipeline(spec, ImagePipeline.Mode.TRAIN, norm);
    try (BatchLoader loader = new BatchLoader(data.pool(), data.train(), pipe,
        BatchLoader.Options.training(batchSize, spec.workers()), seed, ImageCache.forSpec(spec))) {
      int warm = 2;
      int done = 0;
      int images = 0;
      long start = 0;
      for (int epoch = 0; done < batches + warm; epoch++) {
        for (BatchLoader.Batch b : loader.epoch(epoch)) {
          if (done >= warm) {
            images += b.size();
          }
          done++;
          if (done == warm) {
            start = System.nanoTime();
          }
          if (done == batches + warm) {
            break;
          }
        }
      }
      double s = (System.nanoTime() - start) / 1e9;
      return new Result(spec.dataset(), images, s, images / s, batchSize, spec.workers());
    }
  }
}
