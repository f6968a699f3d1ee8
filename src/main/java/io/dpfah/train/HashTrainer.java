package io.dpfah.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.dpfah.data.BatchLoader.Batch;
import io.dpfah.data.Labels;
import io.dpfah.method.Method;
import io.dpfah.method.MethodBatch;
import io.dpfah.method.MethodContext;
import io.dpfah.method.MethodDefinition;
import io.dpfah.method.MethodRegistry;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.TorchInit;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.weights.FineTuning;
import io.dpfah.weights.PretrainedWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Trains a hashing network (a block whose forward returns [u, logits?]) with the spec's method,
 * then encodes images with it. Every batch's arrays live in a sub-manager closed after the batch,
 * so native memory stays flat across epochs.
 */
public final class HashTrainer implements AutoCloseable {

  /** Called after each epoch; returns the tie-aware mAP@all when it evaluated, else null. */
  @FunctionalInterface
  public interface EpochHook {
    /** Runs after epoch {@code epoch} (1-based). */
    Double afterEpoch(int epoch);
  }

  private final ExperimentSpec spec;
  private final Trainer trainer;
  private final Labels poolLabels;
  private final int[] trainPositionOfPool;
  private final Method method;
  private final LearningRateSchedule schedule;
  private final int stepsPerEpoch;
  private final PretrainedWeights.Report pretrained;

  /**
   * Prepares training.
   *
   * @param spec the resolved experiment
   * @param model a model whose block is the hashing network, on the target device
   * @param poolLabels labels of the whole pool, by pool index
   * @param train pool indices of the training images
   */
  public HashTrainer(ExperimentSpec spec, Model model, Labels poolLabels, int[] train) {
    this.spec = spec;
    this.poolLabels = poolLabels;
    this.trainPositionOfPool = new int[poolLabels.size()];
    Arrays.fill(trainPositionOfPool, -1);
    for (int p = 0; p < train.length; p++) {
      trainPositionOfPool[train[p]] = p;
    }
    MethodDefinition def = MethodRegistry.get(spec.method().name());
    if (poolLabels.isMultiLabel() && !def.multiLabel()) {
      throw new IllegalArgumentException("method " + def.name() + " does not support"
          + " multi-label data");
    }
    this.method = def.create(new MethodContext(spec.method(), spec.hash().bits(),
        poolLabels.numClasses(), train.length, poolLabels.isMultiLabel(), spec.seed(), spec,
        poolLabels.subset(train), null));
    int bs = spec.optim().batchSize();
    this.stepsPerEpoch = (train.length + bs - 1) / bs;
    this.schedule = new LearningRateSchedule(spec.optim(), stepsPerEpoch);
    // DJL's Trainer insists on a Loss object, but the method's loss needs its state and
    // training positions, so step() computes it; this one is never evaluated.
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.l2Loss("unused: the hashing loss is computed explicitly"))
            .optOptimizer(Optimizers.create(spec.optim(), schedule, backboneIds(model)))
            .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
    this.trainer = model.newTrainer(config);
    int c = spec.data().channels();
    int s = spec.data().imageSize();
    trainer.initialize(new Shape(1, c, s, s));
    TorchInit.apply(model.getBlock(), spec.seed(), spec.model().zeroInitResidual());
    this.pretrained = model.getBlock() instanceof HashingNetwork net
        ? FineTuning.prepare(net, spec.model()) : null;
  }

  private static Set<String> backboneIds(Model model) {
    return model.getBlock() instanceof HashingNetwork net
        ? FineTuning.backboneParameterIds(net) : Set.of();
  }

  /** What was loaded from {@code model.pretrained}, or null when the backbone starts random. */
  public PretrainedWeights.Report pretrained() {
    return pretrained;
  }

  /**
   * Runs all epochs.
   *
   * @param batches the shuffled, augmented training batches of an epoch (1-based)
   * @param hook evaluation hook after each epoch
   * @param progress progress printer
   * @param sink receives each epoch's record as soon as it is complete
   * @throws CancellationException when the thread is interrupted (checked before each batch)
   */
  public TrainingResult train(IntFunction<Iterable<Batch>> batches, EpochHook hook,
      Progress progress, Consumer<EpochRecord> sink) {
    List<EpochRecord> history = new ArrayList<>();
    double trainSeconds = 0;
    long images = 0;
    int step = 0;
    for (int epoch = 1; epoch <= spec.optim().epochs(); epoch++) {
      long t0 = System.nanoTime();
      double lossSum = 0;
      Map<String, Double> termSums = new LinkedHashMap<>();
      int nb = 0;
      long epochImages = 0;
      method.beforeEpoch(epoch);
      for (Batch b : batches.apply(epoch)) {
        nb++;
        stopIfInterrupted("training, epoch " + epoch + " batch " + nb);
        Map<String, Float> terms = step(b, epoch, nb);
        step++;
        lossSum += terms.get("total");
        terms.forEach((k, v) -> {
          if (!k.equals("total")) {
            termSums.merge(k, (double) v, Double::sum);
          }
        });
        epochImages += b.size();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        progress.batch(epoch, nb, stepsPerEpoch, lossSum / nb, epochImages / elapsed,
            trainSeconds + elapsed);
      }
      method.afterEpoch(epoch);
      double seconds = (System.nanoTime() - t0) / 1e9;
      trainSeconds += seconds;
      images += epochImages;
      final int n = Math.max(1, nb);
      Map<String, Double> means = new LinkedHashMap<>();
      termSums.forEach((k, v) -> means.put(k, v / n));
      EpochRecord rec = new EpochRecord(epoch, lossSum / n, means,
          (float) schedule.ofUpdate(step - 1), seconds, epochImages / seconds, null);
      progress.epoch(rec);
      Double map = hook.afterEpoch(epoch);
      EpochRecord done = map == null ? rec : rec.withMap(map);
      history.add(done);
      sink.accept(done);
    }
    return new TrainingResult(history, trainSeconds, images / Math.max(1e-9, trainSeconds));
  }

  private Map<String, Float> step(Batch b, int epoch, int batchNo) {
    Map<String, Float> values = new LinkedHashMap<>();
    try (NDManager nd = trainer.getManager().newSubManager()) {
      NDArray x = nd.create(b.pixels(), new Shape(b.size(), b.channels(), b.height(), b.width()));
      int[] positions = new int[b.size()];
      float[] targets = new float[b.size() * poolLabels.numClasses()];
      for (int i = 0; i < b.size(); i++) {
        positions[i] = trainPositionOfPool[b.poolIndices()[i]];
        if (positions[i] < 0) {
          throw new IllegalStateException("pool image " + b.poolIndices()[i] + " is not a training image");
        }
        float[] row = poolLabels.multiHot(b.poolIndices()[i]);
        System.arraycopy(row, 0, targets, i * row.length, row.length);
      }
      NDArray y = nd.create(targets, new Shape(b.size(), poolLabels.numClasses()));
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDList out = trainer.forward(new NDList(x));
        NDArray u = out.get(0);
        NDArray logits = out.size() > 1 ? out.get(1) : null;
        Method.Result r = method.loss(new MethodBatch(nd, u, logits, y, positions));
        float total = r.total().getFloat();
        values.put("total", total);
        r.terms().forEach((k, v) -> values.put(k, v.getFloat()));
        if (!Float.isFinite(total)) {
          throw new NonFiniteLossException(epoch, batchNo, values.toString());
        }
        gc.backward(r.total());
      }
      trainer.step();
    }
    return values;
  }

  /**
   * Encodes images in inference mode (no gradients, BatchNorm with running statistics).
   *
   * @throws CancellationException when the thread is interrupted (checked before each batch)
   */
  public Encoded encode(Iterable<Batch> batches, int count) {
    int bits = spec.hash().bits();
    int classes = spec.classifier().enabled() ? poolLabels.numClasses() : 0;
    int[] indices = new int[count];
    float[] codes = new float[count * bits];
    float[] logits = classes > 0 ? new float[count * classes] : null;
    int row = 0;
    for (Batch b : batches) {
      stopIfInterrupted("encoding, image " + row + " of " + count);
      try (NDManager nd = trainer.getManager().newSubManager()) {
        NDArray x = nd.create(b.pixels(), new Shape(b.size(), b.channels(), b.height(), b.width()));
        NDList out = trainer.evaluate(new NDList(x));
        System.arraycopy(out.get(0).toFloatArray(), 0, codes, row * bits, b.size() * bits);
        if (logits != null) {
          System.arraycopy(out.get(1).toFloatArray(), 0, logits, row * classes, b.size() * classes);
        }
        System.arraycopy(b.poolIndices(), 0, indices, row, b.size());
        row += b.size();
      }
    }
    if (row != count) {
      throw new IllegalStateException("encoded " + row + " images, expected " + count);
    }
    return new Encoded(indices, codes, bits, logits, classes);
  }

  /**
   * Lets a notebook's interrupt (or any other) stop a run between batches; the interrupt status
   * is kept for the caller.
   */
  private static void stopIfInterrupted(String where) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("interrupted (" + where + ")");
    }
  }

  /** The underlying DJL trainer (for parameter access and saving). */
  public Trainer djlTrainer() {
    return trainer;
  }

  @Override
  public void close() {
    trainer.close();
  }
}
