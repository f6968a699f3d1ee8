package io.dpfah.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.dpfah.data.BatchLoader.Batch;
import io.dpfah.data.Labels;
import io.dpfah.experiment.RunExecutor;
import io.dpfah.method.MethodRegistry;
import io.dpfah.model.Devices;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ModelFactory;
import io.dpfah.model.OneDnn;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.train.HashTrainer;
import io.dpfah.train.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.apache.commons.statistics.descriptive.Median;

/**
 * dpfah's side of the side-by-side benchmark: the real training step ({@link HashTrainer#train}
 * with the spec's method, code memory, loss and optimiser, exactly as {@code dpfah run} drives
 * it) or encoding ({@link HashTrainer#encode}), fed random images held in memory so that no data
 * is loaded. Steps are timed from outside the trainer: each batch is stamped when the trainer
 * asks for it, the last when it asks for one past the end. Untimed steps run first: at least
 * {@code warmup} of them and for at least {@code warmupSeconds}, so that the JIT compiler has
 * settled (with a few steps it is still compiling DJL's per-operation code while the steps are
 * timed). The spec is the project's defaults (method dpfah, Adam, cosine schedule, loss weights 1,
 * 1, 0.1 with the code memory) with the settings' sizes, then the {@code --set} overrides.
 */
public final class TrainingBenchmark {

  /** What one step is. */
  public enum Mode {
    /** Forward, the method's loss, backward and the optimiser's update. */
    TRAIN,
    /** Forward in inference mode, codes and logits copied to the Java heap. */
    ENCODE
  }

  /**
   * What to measure.
   *
   * @param mode train or encode
   * @param backbone backbone name (resnet18, resnet50, ...)
   * @param size image side in pixels
   * @param attention attention variant
   * @param batch training batch ({@code optim.batch_size})
   * @param encodeBatch encoding batch ({@code eval.batch_size})
   * @param bits code length K
   * @param classes number of classes (labels cycle through them)
   * @param trainImages training images, i.e. rows of the code memory
   * @param warmup untimed steps first, at least
   * @param warmupSeconds untimed steps run for at least this long (0 = only {@code warmup})
   * @param steps timed steps
   * @param threads intra-op threads, 0 = library default
   * @param device auto, cpu or gpu
   * @param seed seed of the initialisation and of the random images
   * @param overrides {@code path=value} spec overrides applied last
   * @param profile where libtorch's profiler writes a Chrome trace of the timed steps' operations
   *     ({@code bench/op-table.py} sums it per operation), or null for no profile
   */
  public record Settings(Mode mode, String backbone, int size, String attention, int batch,
      int encodeBatch, int bits, int classes, int trainImages, int warmup, double warmupSeconds,
      int steps, int threads, String device, long seed, List<String> overrides, Path profile) {
    /** Copies the overrides. */
    public Settings {
      overrides = List.copyOf(overrides);
    }
  }

  private TrainingBenchmark() {}

  /** The spec the benchmark trains with. */
  public static ExperimentSpec spec(Settings s) {
    String yaml = String.format(Locale.ROOT, """
        name: bench-train
        seed: %d
        device: %s
        threads: %d
        data:
          dataset: synthetic
          image_size: %d
          channels: 3
          synthetic: {classes: %d}
        model: {backbone: %s, stem: imagenet, attention: %s}
        hash: {bits: %d}
        optim: {batch_size: %d, epochs: 1}
        eval: {batch_size: %d}
        """, s.seed(), s.device(), s.threads(), s.size(), s.classes(), s.backbone(),
        s.attention(), s.bits(), s.batch(), s.encodeBatch());
    return SpecLoader.parse(yaml, "bench-train settings", s.overrides());
  }

  /**
   * Builds the network and trainer, runs the steps and returns the measurement.
   *
   * @param info receives notes worth showing (e.g. that oneDNN was switched off)
   */
  public static BenchLine run(Settings s, Consumer<String> info) {
    ExperimentSpec spec = spec(s);
    boolean training = s.mode() == Mode.TRAIN;
    int batch = training ? spec.optim().batchSize() : spec.eval().batchSize();
    int n = s.trainImages();
    if (training && n < batch) {
      throw new BenchInputException("--train-images: expected at least the batch size ("
          + batch + "), got " + n);
    }
    Labels labels = Labels.ofClassIds(IntStream.range(0, n).map(i -> i % s.classes()).toArray(),
        s.classes());
    Device device = Devices.select(spec.device());
    int threads = Devices.threads(spec.threads());
    boolean ftz = !Boolean.getBoolean("dpfah.keepDenormals") && Devices.flushDenormal(true);
    Engine.getInstance().setRandomSeed((int) spec.seed());
    try (Model model = Model.newInstance("bench-train", device, "PyTorch")) {
      HashingNetwork net = ModelFactory.build(spec.model(), spec.hash(), spec.classifier(),
          s.classes(), MethodRegistry.get(spec.method().name()).activation());
      model.setBlock(net);
      OneDnn.guard(net, device).ifPresent(info);
      try (HashTrainer trainer =
          new HashTrainer(spec, model, labels, IntStream.range(0, n).toArray())) {
        ClockedBatches batches = new ClockedBatches(
            new Batches(labels, batch, spec.data().channels(), spec.data().imageSize(),
                spec.seed(), training)::get,
            s.warmup(), (long) (s.warmupSeconds() * 1e9), s.steps(), System::nanoTime,
            s.profile());
        if (training) {
          PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
          trainer.train((epoch, from) -> epoch == 1 ? batches : List.of(), rec -> rec,
              new Progress(quiet, false, spec.optim().epochs()), rec -> { }, null);
        } else {
          for (Batch b : batches) {
            trainer.encode(List.of(b), b.size());
          }
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("impl", SideBySide.CANDIDATE);
        f.put("mode", s.mode().name().toLowerCase(Locale.ROOT));
        f.put("backbone", spec.model().backbone());
        f.put("size", Integer.toString(spec.data().imageSize()));
        f.put("attention", spec.model().attention());
        f.put("batch", Integer.toString(batch));
        f.put("threads", Integer.toString(threads));
        f.put("steps", Integer.toString(s.steps()));
        f.put("warmup_steps", Integer.toString(batches.warmupSteps()));
        batches.report(batch, f);
        f.put("method", spec.method().name());
        f.put("flush_denormal", Boolean.toString(ftz));
        f.put("version", "djl-" + Engine.getDjlVersion() + "/libtorch-"
            + Engine.getEngine("PyTorch").getVersion() + "/jdk-" + Runtime.version());
        return new BenchLine(f);
      }
    }
  }

  /**
   * The benchmark's batches by number, made when asked for: two arrays of standard-normal pixels
   * used in turn, training positions walking through a seeded permutation of the training images
   * (in index order for encoding), distinct within a batch.
   */
  static final class Batches {
    private final Labels labels;
    private final int batch;
    private final int channels;
    private final int size;
    private final float[][] pixels;
    private final int[] order;

    Batches(Labels labels, int batch, int channels, int size, long seed, boolean shuffle) {
      this.labels = labels;
      this.batch = batch;
      this.channels = channels;
      this.size = size;
      SplittableRandom rnd = new SplittableRandom(seed);
      pixels = new float[2][batch * channels * size * size];
      for (float[] p : pixels) {
        for (int i = 0; i < p.length; i++) {
          p[i] = (float) rnd.nextGaussian();
        }
      }
      int n = labels.size();
      order = IntStream.range(0, n).toArray();
      if (shuffle) {
        for (int i = n - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
    }

    /** Batch number {@code b} (0-based). */
    Batch get(int b) {
      int n = labels.size();
      int[] idx = new int[batch];
      for (int j = 0; j < batch; j++) {
        idx[j] = order[(int) (((long) b * batch + j) % n)];
      }
      return new Batch(idx, pixels[b % 2], channels, size, size, labels.subset(idx));
    }
  }

  /**
   * Hands out batches once: untimed ones until at least {@code warmup} have been handed out and
   * {@code warmupNanos} have passed since the first, then {@code steps} timed ones, stamping the
   * time when each timed batch is requested and when the consumer asks past the last; CPU, GC and
   * JIT counters are read when the first timed batch is requested and at the end.
   */
  static final class ClockedBatches implements Iterable<Batch> {
    private final IntFunction<Batch> source;
    private final int warmup;
    private final long warmupNanos;
    private final int steps;
    private final LongSupplier clock;
    private final Path profile;
    private final long[] marks;
    private boolean used;
    private int timedFrom = -1;
    private ProcessCpu cpu0;
    private ProcessCpu cpu1;
    private long gc0;
    private long gc1;
    private long jit0;
    private long jit1;

    ClockedBatches(IntFunction<Batch> source, int warmup, long warmupNanos, int steps,
        LongSupplier clock) {
      this(source, warmup, warmupNanos, steps, clock, null);
    }

    /** As above; libtorch's profiler records the timed steps into {@code profile} if not null. */
    ClockedBatches(IntFunction<Batch> source, int warmup, long warmupNanos, int steps,
        LongSupplier clock, Path profile) {
      this.profile = profile;
      this.source = source;
      this.warmup = warmup;
      this.warmupNanos = warmupNanos;
      this.steps = steps;
      this.clock = clock;
      this.marks = new long[steps + 1];
    }

    /** Untimed batches handed out before the timed ones (known once the first timed one is). */
    int warmupSteps() {
      return timedFrom;
    }

    @Override
    public Iterator<Batch> iterator() {
      if (used) {
        throw new IllegalStateException("the benchmark's batches are handed out once");
      }
      used = true;
      return new Iterator<>() {
        private int i;
        private long first;

        @Override
        public boolean hasNext() {
          if (timedFrom >= 0 && i == timedFrom + steps && cpu1 == null) {
            marks[steps] = clock.getAsLong();
            if (profile != null) {
              JniUtils.stopProfile(profile.toString());
            }
            cpu1 = ProcessCpu.now();
            gc1 = gcMillis();
            jit1 = jitMillis();
          }
          return timedFrom < 0 || i < timedFrom + steps;
        }

        @Override
        public Batch next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          long now = clock.getAsLong();
          if (i == 0) {
            first = now;
          }
          if (timedFrom < 0 && i >= warmup && now - first >= warmupNanos) {
            timedFrom = i;
            gc0 = gcMillis();
            jit0 = jitMillis();
            if (profile != null) {
              JniUtils.startProfile(false, false, false);
            }
            cpu0 = ProcessCpu.now();
            now = clock.getAsLong();
          }
          if (timedFrom >= 0) {
            marks[i - timedFrom] = now;
          }
          return source.apply(i++);
        }
      };
    }

    /** Puts the timed figures into {@code f}. */
    void report(int batch, Map<String, String> f) {
      if (cpu1 == null) {
        throw new IllegalStateException("the trainer did not consume all batches");
      }
      double wall = (marks[steps] - marks[0]) / 1e9;
      double[] stepMs = new double[steps];
      for (int k = 0; k < steps; k++) {
        stepMs[k] = (marks[k + 1] - marks[k]) / 1e6;
      }
      ProcessCpu cpu = cpu1.minus(cpu0);
      f.put("images_per_s", fmt("%.2f", (double) batch * steps / wall));
      f.put("wall_s_per_step", fmt("%.5f", wall / steps));
      f.put("user_s_per_step", fmt("%.5f", cpu.userSeconds() / steps));
      f.put("sys_s_per_step", fmt("%.5f", cpu.systemSeconds() / steps));
      f.put("minflt_per_step", fmt("%.0f", cpu.minorFaults() / steps));
      f.put("step_ms_median", fmt("%.2f", Median.withDefaults().evaluate(stepMs)));
      f.put("step_ms_max", fmt("%.2f", Arrays.stream(stepMs).max().orElseThrow()));
      f.put("gc_ms_per_step", fmt("%.2f", (double) (gc1 - gc0) / steps));
      f.put("jit_ms_per_step", fmt("%.2f", (double) (jit1 - jit0) / steps));
      long rss = RunExecutor.residentMegabytes();
      if (rss >= 0) {
        f.put("rss_mb", Long.toString(rss));
      }
    }
  }

  private static String fmt(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, b.getCollectionTime());
    }
    return sum;
  }

  private static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() : 0;
  }
}
