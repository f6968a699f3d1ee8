package io.dpfah.experiment;

import ai.djl.Device;
import io.dpfah.data.BatchLoader;
import io.dpfah.data.BatchLoader.Batch;
import io.dpfah.data.Normalization;
import io.dpfah.data.RetrievalData;
import io.dpfah.eval.HashCodes;
import io.dpfah.method.MethodDefinition;
import io.dpfah.method.ShallowHasher;
import io.dpfah.model.ModelException;
import io.dpfah.model.ParameterCount;
import io.dpfah.results.RunMetrics;
import io.dpfah.search.SearchException;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.ModelSpec;
import io.dpfah.train.Progress;
import io.dpfah.weights.PretrainedWeights;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.ejml.data.DMatrixRMaj;

/**
 * A shallow method's run ({@link MethodDefinition#isShallow}): the pooled features of the
 * training images from a {@link FeatureNetwork}, the method's fit on them, then the codes of
 * queries and database, batch by batch (only the training features are held in memory). No
 * gradient step: {@code optim}, augmentation and {@code eval.every} do not apply.
 */
final class ShallowRun {

  /**
   * What the run produced.
   *
   * @param query query codes, in protocol order
   * @param db database codes, in protocol order
   * @param fit the fitted hash and its objective per iteration
   * @param features where the features came from
   * @param pretrained the weights loaded, or null
   * @param network the model spec of the features network (the run's with
   *     {@code model.from_run})
   * @param params backbone and projection sizes
   * @param fitSeconds training features + fit
   * @param encodeSeconds features and codes of queries and database
   */
  record Output(HashCodes query, HashCodes db, ShallowHasher.Fit fit,
      RunMetrics.Features features, PretrainedWeights.Report pretrained, ModelSpec network,
      RunMetrics.Params params, double fitSeconds, double encodeSeconds) {}

  private ShallowRun() {}

  /**
   * Extracts, fits and encodes.
   *
   * @throws ModelException when the code length does not fit the features
   * @throws SearchException when {@code model.from_run} is no usable run
   */
  static Output run(ExperimentSpec spec, MethodDefinition def, RetrievalData data,
      Normalization norm, Device device, Progress log) {
    try (FeatureNetwork net = open(spec, norm, device)) {
      int bits = spec.hash().bits();
      ShallowHasher hasher = def.createHasher(spec.method());
      int max = hasher.maxBits(net.width());
      if (bits > max) {
        throw new ModelException("hash.bits: method " + def.name() + " fits at most " + max
            + " bits on " + net.width() + " pooled features, got " + bits);
      }
      log.info(String.format(Locale.ROOT, "%s: shallow, fitted on the %d-wide pooled features"
          + " of %d training images (%s); optim.* unused", def.name(), net.width(),
          data.train().length, source(net.describe())));
      long t = System.nanoTime();
      DMatrixRMaj train = new DMatrixRMaj(data.train().length, net.width());
      try (BatchLoader loader = loader(spec, data, data.train(), net)) {
        int row = 0;
        for (Batch b : loader.epoch(0)) {
          stopIfInterrupted("training features, image " + row);
          float[] f = net.features(b);
          for (int i = 0; i < f.length; i++) {
            train.data[row * net.width() + i] = f[i];
          }
          row += b.size();
        }
      }
      double featureS = seconds(t);
      ShallowHasher.Fit fit;
      try {
        fit = hasher.fit(train, bits, spec.seed());
      } catch (IllegalArgumentException e) {
        throw new ModelException(e.getMessage());
      }
      double fitS = seconds(t);
      log.info(String.format(Locale.ROOT, "%s: training features in %.1f s, fit in %.1f s",
          def.name(), featureS, fitS - featureS));
      List<Double> q = fit.objective();
      if (!q.isEmpty()) {
        log.info(String.format(Locale.ROOT, "%s: quantisation loss ‖B − VR‖²/n %.4f → %.4f over"
            + " %d iterations", def.name(), q.get(0), q.get(q.size() - 1), q.size()));
      }
      t = System.nanoTime();
      HashCodes query = encode(spec, data, data.query(), net, fit);
      HashCodes db = encode(spec, data, data.database(), net, fit);
      ParameterCount backbone = ParameterCount.of(net.backbone());
      long projection = (long) net.width() * bits;
      RunMetrics.Params params = new RunMetrics.Params(backbone.total() + projection,
          backbone.backbone(), backbone.attention(), projection, 0L);
      return new Output(query, db, fit, net.describe(), net.pretrained(), net.model(), params,
          fitS,
          seconds(t));
    }
  }

  private static FeatureNetwork open(ExperimentSpec spec, Normalization norm, Device device) {
    try {
      return FeatureNetwork.open(spec, norm, device);
    } catch (SearchException e) {
      throw new SearchException("model.from_run: " + e.getMessage(), e);
    }
  }

  private static String source(RunMetrics.Features f) {
    return switch (f.source()) {
      case RunMetrics.Features.FROM_RUN -> "the trained network of " + f.run();
      case RunMetrics.Features.FROM_PRETRAINED -> "pretrained backbone";
      default -> "RANDOMLY INITIALISED backbone";
    };
  }

  private static HashCodes encode(ExperimentSpec spec, RetrievalData data, int[] indices,
      FeatureNetwork net, ShallowHasher.Fit fit) {
    int bits = fit.hash().bits();
    float[] codes = new float[indices.length * bits];
    int row = 0;
    try (BatchLoader loader = loader(spec, data, indices, net)) {
      for (Batch b : loader.epoch(0)) {
        stopIfInterrupted("encoding, image " + row + " of " + indices.length);
        float[] z = fit.hash().project(net.features(b), b.size());
        System.arraycopy(z, 0, codes, row * bits, z.length);
        row += b.size();
      }
    }
    if (row != indices.length) {
      throw new IllegalStateException("encoded " + row + " images, expected " + indices.length);
    }
    return HashCodes.fromFloats(codes, indices.length, bits);
  }

  /** In protocol order, without augmentation and without a cache (each image is read once). */
  private static BatchLoader loader(ExperimentSpec spec, RetrievalData data, int[] indices,
      FeatureNetwork net) {
    return new BatchLoader(data.pool(), indices, net.pipeline(),
        BatchLoader.Options.evaluation(spec.eval().batchSize(), spec.data().workers()),
        spec.seed(), null);
  }

  private static void stopIfInterrupted(String where) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("interrupted (" + where + ")");
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
