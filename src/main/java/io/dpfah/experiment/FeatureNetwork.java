package io.dpfah.experiment;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dpfah.data.BatchLoader.Batch;
import io.dpfah.data.ImagePipeline;
import io.dpfah.data.Normalization;
import io.dpfah.method.HashActivation;
import io.dpfah.model.Backbone;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ModelException;
import io.dpfah.model.ModelFactory;
import io.dpfah.model.TorchInit;
import io.dpfah.results.RunMetrics;
import io.dpfah.train.InputStage;
import io.dpfah.search.TrainedRun;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.DataSpec;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.ModelSpec;
import io.dpfah.weights.FineTuning;
import io.dpfah.weights.PretrainedWeights;
import java.nio.file.Path;

/**
 * The backbone whose pooled features a shallow method hashes, with the evaluation pipeline its
 * images go through: a trained run's network ({@code model.from_run}, rebuilt as
 * {@link TrainedRun} does for {@code dpfah encode}: its spec, weights and normalisation), or the
 * spec's backbone, initialised from the seed and loaded with {@code model.pretrained} when set.
 * Features are computed in inference mode (BatchNorm with running statistics). Holds native
 * memory: close it.
 */
final class FeatureNetwork implements AutoCloseable {
  private final AutoCloseable owner;
  private final NDManager manager;
  private final HashingNetwork net;
  private final ImagePipeline pipeline;
  private final RunMetrics.Features features;
  private final PretrainedWeights.Report pretrained;
  private final ModelSpec model;
  private final InputStage input = new InputStage();

  private FeatureNetwork(AutoCloseable owner, NDManager manager, HashingNetwork net,
      ImagePipeline pipeline, RunMetrics.Features features, PretrainedWeights.Report pretrained,
      ModelSpec model) {
    this.model = model;
    this.owner = owner;
    this.manager = manager;
    this.net = net;
    this.pipeline = pipeline;
    this.features = features;
    this.pretrained = pretrained;
  }

  /**
   * The features network of a shallow run.
   *
   * @param norm the normalisation of the spec's data (unused with {@code model.from_run}, whose
   *     network gets the normalisation it was trained with)
   * @throws io.dpfah.search.SearchException when {@code model.from_run} is no finished run
   * @throws ModelException when its images differ in size or channels from {@code data}'s
   */
  static FeatureNetwork open(ExperimentSpec spec, Normalization norm, Device device) {
    String fromRun = spec.model().fromRun();
    if (fromRun != null) {
      TrainedRun run = TrainedRun.open(Path.of(fromRun));
      try {
        checkGeometry(spec.data(), run.spec().data(), fromRun);
        int width = run.network().backbone().features();
        return new FeatureNetwork(run, run.manager(), run.network(), run.pipeline(),
            new RunMetrics.Features(RunMetrics.Features.FROM_RUN,
                run.folder().dir().toAbsolutePath().normalize().toString(), width), null,
            run.spec().model());
      } catch (RuntimeException e) {
        run.close();
        throw e;
      }
    }
    Model model = Model.newInstance(spec.name(), device, "PyTorch");
    try {
      HashingNetwork net = ModelFactory.build(spec.model(), spec.hash(),
          new ClassifierSpec(false, "codes"), 1, HashActivation.NONE);
      model.setBlock(net);
      int c = spec.data().channels();
      int s = spec.data().imageSize();
      net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, c, s, s));
      TorchInit.apply(net, spec.seed(), spec.model().zeroInitResidual());
      PretrainedWeights.Report report = FineTuning.prepare(net, spec.model());
      String source = report == null ? RunMetrics.Features.FROM_RANDOM
          : RunMetrics.Features.FROM_PRETRAINED;
      return new FeatureNetwork(model, model.getNDManager(), net,
          new ImagePipeline(spec.data(), ImagePipeline.Mode.EVAL, norm),
          new RunMetrics.Features(source, null, net.backbone().features()), report, spec.model());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static void checkGeometry(DataSpec data, DataSpec run, String fromRun) {
    if (data.imageSize() != run.imageSize() || data.channels() != run.channels()) {
      throw new ModelException("model.from_run: the network of " + fromRun + " takes "
          + run.imageSize() + " px, " + run.channels() + "-channel images; set data.image_size: "
          + run.imageSize() + " and data.channels: " + run.channels() + " (got "
          + data.imageSize() + " px, " + data.channels() + " channels)");
    }
  }

  /** Feature width F. */
  int width() {
    return features.width();
  }

  /** The backbone. */
  Backbone backbone() {
    return net.backbone();
  }

  /** The pipeline images go through before the network. */
  ImagePipeline pipeline() {
    return pipeline;
  }

  /** What metrics.json records about the features. */
  RunMetrics.Features describe() {
    return features;
  }

  /** The model spec the network was built from (the run's with {@code model.from_run}). */
  ModelSpec model() {
    return model;
  }

  /** The pretrained weights loaded, or null. */
  PretrainedWeights.Report pretrained() {
    return pretrained;
  }

  /** The pooled features of a batch, size × F row-major. */
  float[] features(Batch b) {
    try (NDManager nd = manager.newSubManager()) {
      NDArray x = input.array(nd, b.pixels(),
          new Shape(b.size(), b.channels(), b.height(), b.width()));
      NDList out = net.backbone().forward(new ParameterStore(nd, false), new NDList(x), false);
      return out.singletonOrThrow().toFloatArray();
    }
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the features network: " + e.getMessage(), e);
    }
  }
}
