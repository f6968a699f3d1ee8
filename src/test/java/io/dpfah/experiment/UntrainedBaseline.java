package io.dpfah.experiment;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import io.dpfah.data.BatchLoader;
import io.dpfah.data.ImageCache;
import io.dpfah.data.ImagePipeline;
import io.dpfah.data.Labels;
import io.dpfah.data.Normalization;
import io.dpfah.data.ProtocolRegistry;
import io.dpfah.data.RetrievalData;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.HashCodes;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.model.Devices;
import io.dpfah.model.ModelFactory;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.train.Encoded;
import io.dpfah.train.HashTrainer;

/**
 * The retrieval figure of the network a run starts from: the same split, normalisation, model,
 * initialisation (the run's seed) and encoder as {@link RunExecutor}, but no training step. A
 * trained run must beat it on the same queries and database, or training did not learn.
 */
final class UntrainedBaseline {
  private UntrainedBaseline() {}

  /** Tie-aware mAP@all of the untrained network's sign codes. */
  static double mapTieAware(ExperimentSpec spec) {
    RetrievalData data = ProtocolRegistry.load(spec.data(), spec.seed());
    Normalization norm = Normalization.resolve(spec.data(), data);
    Labels labels = data.pool().labels();
    Devices.threads(spec.threads());
    Engine.getInstance().setRandomSeed((int) spec.seed());
    int batch = spec.eval().batchSize();
    int workers = spec.data().workers();
    ImagePipeline eval = new ImagePipeline(spec.data(), ImagePipeline.Mode.EVAL, norm);
    ImageCache cache = ImageCache.forSpec(spec.data());
    try (Model model = Model.newInstance(spec.name(), Device.cpu(), "PyTorch")) {
      model.setBlock(ModelFactory.build(spec.model(), spec.hash(), spec.classifier(),
          labels.numClasses()));
      try (HashTrainer trainer = new HashTrainer(spec, model, labels, data.train());
          BatchLoader query = new BatchLoader(data.pool(), data.query(), eval,
              BatchLoader.Options.evaluation(batch, workers), spec.seed(), cache);
          BatchLoader db = new BatchLoader(data.pool(), data.database(), eval,
              BatchLoader.Options.evaluation(batch, workers), spec.seed(), cache)) {
        Encoded q = trainer.encode(query.epoch(0), data.query().length);
        Encoded d = trainer.encode(db.epoch(0), data.database().length);
        return RetrievalEvaluator.evaluate(
            HashCodes.fromFloats(q.codes(), q.size(), q.bits()), labels.subset(data.query()),
            HashCodes.fromFloats(d.codes(), d.size(), d.bits()), labels.subset(data.database()),
            EvalOptions.defaults()).mapAll();
      }
    }
  }
}
