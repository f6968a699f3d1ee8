package io.dpfah.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
import io.dpfah.weights.StateDict;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Trains a hashing network (a block whose forward returns [u, logits?]) with the spec's method,
 * then encodes images with it. Every batch's arrays live in a sub-manager closed after the batch,
 * so native memory stays flat across epochs.
 */
public final class HashTrainer implements AutoCloseable {

  /** Called after each epoch, before its record is passed on and checkpointed. */
  @FunctionalInterface
  public interface EpochHook {
    /**
     * Runs after the epoch of {@code record}; returns the record with whatever it evaluated
     * attached ({@link EpochRecord#withMap}, {@link EpochRecord#withValidationMap}).
     */
    EpochRecord afterEpoch(EpochRecord record);
  }

  /** The training batches of an epoch, from a given batch on (for a resumed epoch). */
  @FunctionalInterface
  public interface Batches {
    /** Batches {@code fromBatch}, {@code fromBatch + 1}, ... of epoch {@code epoch} (1-based). */
    Iterable<Batch> epoch(int epoch, int fromBatch);
  }

  /** Receives the trainer's state at each checkpoint (after an epoch, every N steps). */
  @FunctionalInterface
  public interface Checkpointer {
    /** Saves {@code state} (made by {@link #state}); the caller may add its own entries first. */
    void save(StateDict state, Position position);
  }

  /**
   * Where a run's training stands, as a checkpoint records it.
   *
   * @param epoch the epoch in progress, 1-based (the next one when {@code batch} is 0)
   * @param batch batches of {@code epoch} already trained (0: the epoch has not started)
   * @param step optimiser updates done in the run
   * @param lossSum sum of the batch losses of {@code epoch} so far
   * @param termSums sums of the batch values of each loss term of {@code epoch} so far
   * @param epochImages images of {@code epoch} trained so far
   * @param epochSeconds training seconds of {@code epoch} so far
   * @param trainSeconds training seconds of the finished epochs
   * @param images images of the finished epochs
   * @param history the records of the finished epochs
   */
  public record Position(int epoch, int batch, int step, double lossSum,
      Map<String, Double> termSums, long epochImages, double epochSeconds, double trainSeconds,
      long images, List<EpochRecord> history) {

    /** Copies the map and list. */
    public Position {
      termSums = Collections.unmodifiableMap(new LinkedHashMap<>(termSums));
      history = List.copyOf(history);
    }

    /** The start of a run. */
    public static final Position START = new Position(1, 0, 0, 0, Map.of(), 0, 0, 0, 0, List.of());

    /** Whether this is the end of an epoch ({@code batch} 0 of the next), not inside one. */
    public boolean atEpochEnd() {
      return batch == 0;
    }

    /** "epoch 2 done" or "epoch 3, batch 12" for messages. */
    public String describe() {
      return batch == 0 ? "epoch " + (epoch - 1) + " done" : "epoch " + epoch + ", batch " + batch;
    }
  }

  private static final String NET = "net/";
  private static final String OPT = "opt/";
  private static final String METHOD = "method/";
  private static final String POSITION = "position";

  private final ExperimentSpec spec;
  private final Trainer trainer;
  private final Labels poolLabels;
  private final int[] trainPositionOfPool;
  private final Method method;
  private final LearningRateSchedule schedule;
  private final int stepsPerEpoch;
  private final PretrainedWeights.Report pretrained;
  private final CheckpointedOptimizer optimizer;
  private Position start = Position.START;
  private List<CheckpointedOptimizer.Trainable> trainable;
  private boolean fused;
  private final InputStage input = new InputStage();

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
        poolLabels.subset(train), null, model.getNDManager()));
    int bs = spec.optim().batchSize();
    this.stepsPerEpoch = (train.length + bs - 1) / bs;
    this.schedule = new LearningRateSchedule(spec.optim(), stepsPerEpoch);
    // DJL's Trainer insists on a Loss object, but the method's loss needs its state and
    // training positions, so step() computes it; this one is never evaluated.
    this.optimizer = Optimizers.create(spec.optim(), schedule, backboneIds(model));
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.l2Loss("unused: the hashing loss is computed explicitly"))
            .optOptimizer(optimizer)
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
   * Runs all epochs (from the position {@link #restore} set, else from the start). The torch
   * generator (dropout) is reseeded from the run's seed and the step number before every step, so
   * its draws depend only on the position, as the batch order and augmentation do
   * ({@code BatchLoader}): a resumed run continues exactly where the checkpoint left it.
   *
   * @param batches the shuffled, augmented training batches of an epoch
   * @param hook evaluation hook after each epoch
   * @param progress progress printer
   * @param sink receives each epoch's record as soon as it is complete (after the hook)
   * @param checkpointer receives the state after every epoch (the last one too, so a run killed
   *     in its final evaluation resumes there) and every {@code train.checkpoint_every} steps, or
   *     {@code null} for no checkpoints
   * @throws CancellationException when the thread is interrupted (checked before each batch)
   */
  public TrainingResult train(Batches batches, EpochHook hook, Progress progress,
      Consumer<EpochRecord> sink, Checkpointer checkpointer) {
    Position at = start;
    List<EpochRecord> history = new ArrayList<>(at.history());
    double trainSeconds = at.trainSeconds();
    long images = at.images();
    int step = at.step();
    int every = spec.train().checkpointEvery();
    for (int epoch = at.epoch(); epoch <= spec.optim().epochs(); epoch++) {
      boolean resumed = epoch == at.epoch() && !at.atEpochEnd();
      long t0 = System.nanoTime();
      double before = resumed ? at.epochSeconds() : 0;
      double lossSum = resumed ? at.lossSum() : 0;
      Map<String, Double> termSums = new LinkedHashMap<>(resumed ? at.termSums() : Map.of());
      int nb = resumed ? at.batch() : 0;
      long epochImages = resumed ? at.epochImages() : 0;
      if (!resumed) {
        method.beforeEpoch(epoch);
      }
      for (Batch b : batches.epoch(epoch, nb)) {
        nb++;
        stopIfInterrupted("training, epoch " + epoch + " batch " + nb);
        Engine.getInstance().setRandomSeed(stepSeed(spec.seed(), step));
        Map<String, Float> terms = step(b, epoch, nb);
        step++;
        lossSum += terms.get("total");
        terms.forEach((k, v) -> {
          if (!k.equals("total")) {
            termSums.merge(k, (double) v, Double::sum);
          }
        });
        epochImages += b.size();
        double elapsed = before + (System.nanoTime() - t0) / 1e9;
        progress.batch(epoch, nb, stepsPerEpoch, lossSum / nb, epochImages / elapsed,
            trainSeconds + elapsed);
        if (checkpointer != null && every > 0 && step % every == 0 && nb < stepsPerEpoch) {
          Position p = new Position(epoch, nb, step, lossSum, termSums, epochImages, elapsed,
              trainSeconds, images, history);
          checkpointer.save(state(p), p);
        }
      }
      method.afterEpoch(epoch);
      double seconds = before + (System.nanoTime() - t0) / 1e9;
      trainSeconds += seconds;
      images += epochImages;
      final int n = Math.max(1, nb);
      Map<String, Double> means = new LinkedHashMap<>();
      termSums.forEach((k, v) -> means.put(k, v / n));
      EpochRecord rec = new EpochRecord(epoch, lossSum / n, means,
          (float) schedule.ofUpdate(step - 1), seconds, epochImages / seconds, null, null);
      progress.epoch(rec);
      EpochRecord done = hook.afterEpoch(rec);
      history.add(done);
      sink.accept(done);
      if (checkpointer != null) {
        Position p = new Position(epoch + 1, 0, step, 0, Map.of(), 0, 0, trainSeconds, images,
            history);
        checkpointer.save(state(p), p);
      }
    }
    return new TrainingResult(history, trainSeconds, images / Math.max(1e-9, trainSeconds));
  }

  /** The torch generator's seed before optimiser step {@code step} (0-based) of a run. */
  static int stepSeed(long seed, int step) {
    long z = seed + 0x9E3779B97F4A7C15L * (step + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) (z ^ (z >>> 31));
  }

  /**
   * The trainer's whole state at {@code position}: every parameter of the network (BatchNorm
   * running statistics included) under {@code net/}, the optimiser's under {@code opt/}, the
   * method's under {@code method/}, and the position as metadata {@code position}. Arrays are
   * copied off the device when the state is written.
   */
  public StateDict state(Position position) {
    StateDict d = new StateDict();
    parameters().arrays().forEach((name, a) ->
        d.put(NET + name, a.getShape().getShape(), a::toFloatArray));
    optimizer.save(d, OPT, parameters());
    method.save(d, METHOD);
    d.putMeta(POSITION, position);
    return d;
  }

  /**
   * Loads a state {@link #state} wrote: the network's parameters in place, the optimiser's and
   * the method's state; {@link #train} then continues from its position.
   *
   * @throws IllegalStateException when the state does not fit this network
   */
  public Position restore(StateDict d) {
    Map<String, float[]> net = new LinkedHashMap<>();
    parameters().arrays().keySet().forEach(name -> net.put(name, d.floats(NET + name)));
    setWeights(net);
    optimizer.load(d, OPT, parameters());
    method.load(d, METHOD);
    start = d.meta(POSITION, Position.class);
    return start;
  }

  /** A copy of every parameter of the network (BatchNorm statistics too), by name. */
  public Map<String, float[]> weights() {
    Map<String, float[]> out = new LinkedHashMap<>();
    parameters().arrays().forEach((name, a) -> out.put(name, a.toFloatArray()));
    return out;
  }

  /** Overwrites every parameter of the network, in place, with {@code weights} (by name). */
  public void setWeights(Map<String, float[]> weights) {
    for (Map.Entry<String, NDArray> e : parameters().arrays().entrySet()) {
      float[] v = weights.get(e.getKey());
      if (v == null || v.length != e.getValue().size()) {
        throw new IllegalStateException("weights of " + e.getKey() + ": " + (v == null
            ? "missing" : v.length + " values for a parameter of " + e.getValue().size()));
      }
      e.getValue().set(v);
    }
  }

  /** The network's parameters by their path in the block (ids mapped to those names). */
  private CheckpointedOptimizer.Parameters parameters() {
    Map<String, String> nameOfId = new LinkedHashMap<>();
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
      nameOfId.put(p.getValue().getId(), p.getKey());
      if (arrays.put(p.getKey(), p.getValue().getArray()) != null) {
        throw new IllegalStateException("two parameters are called " + p.getKey());
      }
    }
    return new CheckpointedOptimizer.Parameters(nameOfId, arrays);
  }

  /**
   * The optimiser step: all parameters in one fused update where the optimiser can
   * ({@link CheckpointedOptimizer#canUpdateAll}), else DJL's per-parameter path.
   */
  private void updateParameters() {
    if (trainable == null) {
      trainable = new ArrayList<>();
      for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
        if (p.getValue().requiresGradient()) {
          trainable.add(new CheckpointedOptimizer.Trainable(p.getValue().getId(),
              p.getValue().getArray()));
        }
      }
      fused = optimizer.canUpdateAll(trainable);
    }
    if (fused) {
      optimizer.updateAll(trainable);
    } else {
      trainer.step();
    }
  }

  /** Whether the optimiser steps so far went through the fused update (false before the first). */
  boolean fusedUpdates() {
    return fused;
  }

  private Map<String, Float> step(Batch b, int epoch, int batchNo) {
    Map<String, Float> values = new LinkedHashMap<>();
    try (NDManager nd = trainer.getManager().newSubManager()) {
      NDArray x = input.array(nd, b.pixels(),
          new Shape(b.size(), b.channels(), b.height(), b.width()));
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
      updateParameters();
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
        NDArray x = input.array(nd, b.pixels(),
          new Shape(b.size(), b.channels(), b.height(), b.width()));
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
    method.close();
    trainer.close();
  }
}
