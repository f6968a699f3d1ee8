package io.dpfah.notebook;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dpfah.data.FashionMnistSource;
import io.dpfah.data.InMemoryImageSource;
import io.dpfah.data.RawImage;
import io.dpfah.model.AttentionModule;
import io.dpfah.model.AttentionProbe;
import io.dpfah.model.AttentionRegistry;
import io.dpfah.model.BackboneRegistry;
import io.dpfah.model.Placement;
import io.dpfah.model.ResNetBackbone;
import io.dpfah.report.Tables;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunRecord;
import io.dpfah.search.TrainedRun;
import io.dpfah.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Attention weights inside a ResNet for sample images, averaged over channels, recorded through
 * an {@link AttentionProbe}: of a trained run's network ({@link #maps(Path, List)}, images
 * through the run's evaluation pipeline; {@link #trainedRun} finds one, {@link #trainSmall}
 * trains one), or of a randomly initialised (seeded) ResNet18 with the CIFAR stem (3×3 conv, no
 * pooling, so 28×28 inputs keep 28/14/7/4-pixel maps) for each variant ({@link #maps(String,
 * List)}): untrained maps show what each mechanism computes from the features, not what it
 * learns. PFA has no parameters, so its weights depend only on the features; SE, CBAM and the
 * spatial gate apply random weights at initialisation.
 */
public final class Attention {
  /** Fashion-MNIST pixel mean and standard deviation (training set). */
  private static final float MEAN = 0.2860f;
  private static final float STD = 0.3530f;
  private static final int[] WIDTHS = {64, 128, 256, 512};

  /** Where notebooks write their runs (gitignored). */
  static final String NOTEBOOK_RESULTS = "target/notebook-results";

  private Attention() {}

  /**
   * A labelled sample image.
   *
   * @param label class name
   * @param image the image (1×28×28 for Fashion-MNIST)
   */
  public record Sample(String label, RawImage image) {}

  /** The attention variants: {@code none, pfa, se, cbam, spatial}. */
  public static List<String> variants() {
    return AttentionRegistry.names();
  }

  /**
   * The first Fashion-MNIST test image of each of the first {@code n} classes (n ≤ 10), read from
   * {@link FashionMnistSource#DEFAULT_ROOT}.
   */
  public static List<Sample> fashionMnist(int n) {
    InMemoryImageSource src = FashionMnistSource.load(null);
    int classes = src.classNames().size();
    if (n < 1 || n > classes) {
      throw new NotebookException("fashionMnist(n): expected 1.." + classes + ", got " + n);
    }
    List<Sample> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      for (int i = src.trainSize(); i < src.size(); i++) {
        if (src.labels().classId(i) == c) {
          out.add(new Sample(src.classNames().get(c), src.image(i)));
          break;
        }
      }
    }
    return out;
  }

  /** {@link #maps(String, List, long)} with seed 1. */
  public static AttentionMaps maps(String attention, List<Sample> samples) {
    return maps(attention, samples, 1);
  }

  /**
   * Pushes the samples through a randomly initialised (seeded) ResNet18 with {@code attention} in
   * every BasicBlock at its default placement, and returns each block's attention weights averaged
   * over channels.
   */
  public static AttentionMaps maps(String attention, List<Sample> samples, long seed) {
    if (samples.isEmpty()) {
      throw new NotebookException("maps: no samples given");
    }
    ModelSpec spec = new ModelSpec("resnet18", "cifar", attention, 1e-4, 16, 7, "auto");
    RawImage first = samples.get(0).image();
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      Engine.getEngine("PyTorch").setRandomSeed((int) seed);
      ResNetBackbone net = new ResNetBackbone(spec);
      Shape shape = new Shape(samples.size(), 3, first.height(), first.width());
      net.initialize(manager, DataType.FLOAT32, shape);
      ChannelMeans probe = new ChannelMeans();
      try (NDManager batch = manager.newSubManager()) {
        NDArray x = batch.create(input(samples), shape);
        net.forward(new ParameterStore(batch, false), new NDList(x), false, probe.params());
      }
      return probe.maps(attention);
    }
  }

  /**
   * The attention weights, averaged over channels, of a trained run's network for the samples,
   * which go through the run's own evaluation pipeline (resize, channels, normalisation) first.
   *
   * @param runDir a finished run folder holding its {@code model/}
   * @throws NotebookException if the run has no ResNet backbone
   */
  public static AttentionMaps maps(Path runDir, List<Sample> samples) {
    if (samples.isEmpty()) {
      throw new NotebookException("maps: no samples given");
    }
    try (TrainedRun run = TrainedRun.open(Repo.path(runDir))) {
      if (!BackboneRegistry.isResNet(run.spec().model().backbone())) {
        throw new NotebookException(runDir + ": backbone " + run.spec().model().backbone()
            + " has no attention modules (expected a ResNet)");
      }
      ChannelMeans probe = new ChannelMeans();
      run.probeAttention(samples.stream().map(Sample::image).toList(), probe);
      return probe.maps(run.spec().model().attention() + ", trained");
    }
  }

  /**
   * A finished run with a trained model ({@code model/}) and PFA attention, looked for in
   * {@code results/*}{@code /*} and then {@code target/notebook-results/*}{@code /*} (both under
   * the repository root); among several, the one with the highest tie-aware mAP@all. Committed
   * results folders hold no weights, so in a fresh clone there is none until a run is trained.
   */
  public static Optional<Path> trainedRun() {
    return trainedRun(List.of(Repo.path("results"), Repo.path(NOTEBOOK_RESULTS)));
  }

  /** {@link #trainedRun()} over the experiment folders under {@code parents}, in order. */
  static Optional<Path> trainedRun(List<Path> parents) {
    for (Path dir : parents) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> experiments;
      try (Stream<Path> s = Files.list(dir)) {
        experiments = s.filter(Files::isDirectory).sorted().toList();
      } catch (IOException e) {
        continue;
      }
      Optional<RunRecord> best = experiments.stream()
          .flatMap(e -> ResultsReader.read(e).finished().stream())
          .filter(r -> "pfa".equals(r.metrics().attention()))
          .filter(r -> hasWeights(r.dir()))
          .max(Comparator.comparingDouble(r -> Tables.MapKind.TIE_AWARE.of(r, "all")));
      if (best.isPresent()) {
        return Optional.of(best.get().dir());
      }
    }
    return Optional.empty();
  }

  /**
   * Trains a small PFA model for attention maps into {@code target/notebook-results/} (skipped
   * when it is there already): a Fashion-MNIST subset (the first 100 training and 20 test images
   * of each class, written to {@code target/notebook-data/fmnist-small/}), ResNet18 with the
   * CIFAR stem at 28×28, 32 bits, 500 training images (50 per class), 4 epochs; 100 queries
   * against a database of 1,100. A few minutes on two cores.
   *
   * @return the run folder
   */
  public static Path trainSmall() {
    Path data = Repo.path("target/notebook-data/fmnist-small");
    if (!Files.isRegularFile(data.resolve("t10k-labels-idx1-ubyte"))) {
      FashionMnistSource.writeSubset(null, data, 100, 20);
    }
    Results res = Experiment.load("experiments/quickstart.yaml")
        .set("name", "attention-fmnist-small")
        .set("data.root", data.toString())
        .set("data.image_size", 28)
        .set("data.train_per_class", 50)
        .set("data.query_per_class", 10)
        .set("model.stem", "cifar")
        .set("model.attention", "pfa")
        .set("optim.epochs", 4)
        .set("optim.batch_size", 32)
        .set("sweep", null)
        .resultsDir(NOTEBOOK_RESULTS)
        .run();
    return res.data().finished().get(0).dir();
  }

  private static boolean hasWeights(Path runDir) {
    try (Stream<Path> s = Files.list(runDir.resolve(TrainedRun.MODEL_DIR))) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".params"));
    } catch (IOException e) {
      return false;
    }
  }

  /** min, max, mean and standard deviation of each block's maps, one row per block. */
  public static Table summary(AttentionMaps maps) {
    StringColumn block = StringColumn.create("block");
    DoubleColumn min = DoubleColumn.create("min");
    DoubleColumn max = DoubleColumn.create("max");
    DoubleColumn mean = DoubleColumn.create("mean");
    DoubleColumn std = DoubleColumn.create("std");
    for (int b = 0; b < maps.blocks(); b++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double s = 0;
      double s2 = 0;
      long n = 0;
      for (float[][] img : maps.maps().get(b)) {
        for (float[] row : img) {
          for (float v : row) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            s += v;
            s2 += (double) v * v;
            n++;
          }
        }
      }
      double m = s / n;
      block.append(maps.blockNames().get(b));
      min.append(lo);
      max.append(hi);
      mean.append(m);
      std.append(Math.sqrt(Math.max(0, s2 / n - m * m)));
    }
    return Table.create(maps.attention() + ": channel-averaged attention weights", block, min, max,
        mean, std);
  }

  /**
   * Attention parameters of each variant in ResNet18 (formula per block, summed): PFA adds none.
   * Columns: variant, placement, parameters, and the share of ResNet18's ~11.2 M backbone.
   */
  public static Table parameters() {
    StringColumn variant = StringColumn.create("attention");
    StringColumn placement = StringColumn.create("placement");
    LongColumn params = LongColumn.create("attention parameters");
    IntColumn modules = IntColumn.create("modules");
    for (String name : variants()) {
      ModelSpec spec = new ModelSpec("resnet18", "cifar", name, 1e-4, 16, 7, "auto");
      long sum = 0;
      List<Integer> channels = ResNetBackbone.blockChannels("resnet18");
      for (int c : channels) {
        sum += AttentionRegistry.parameterFormula(spec, c);
      }
      variant.append(name);
      placement.append(Placement.resolve("auto", name).name().toLowerCase(Locale.ROOT));
      params.append(sum);
      modules.append(channels.size());
    }
    return Table.create("Attention parameters in ResNet18 (reduction 16, CBAM kernel 7)", variant,
        placement, modules, params);
  }

  /** Normalised 3×H×W float input: gray replicated to 3 channels. */
  static float[] input(List<Sample> samples) {
    RawImage first = samples.get(0).image();
    int hw = first.height() * first.width();
    float[] out = new float[samples.size() * 3 * hw];
    for (int i = 0; i < samples.size(); i++) {
      RawImage img = samples.get(i).image();
      if (img.height() != first.height() || img.width() != first.width()) {
        throw new NotebookException("sample " + i + " is " + img.height() + "x" + img.width()
            + ", expected " + first.height() + "x" + first.width() + " like the first");
      }
      for (int ch = 0; ch < 3; ch++) {
        int srcCh = img.channels() == 1 ? 0 : ch;
        for (int p = 0; p < hw; p++) {
          float v = (img.pixels()[srcCh * hw + p] & 0xff) / 255f;
          out[(i * 3 + ch) * hw + p] = (v - MEAN) / STD;
        }
      }
    }
    return out;
  }

  /**
   * Collects, block by block, the channel-averaged weights each attention module multiplies its
   * input by, with the block names ({@code layer2.0 (128ch, 14x14)}: the stage counts up when the
   * channel count changes) and the modules' parameter formulas.
   */
  private static final class ChannelMeans implements AttentionProbe {
    private final List<float[][][]> maps = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private long params;
    private int stage;
    private int index;
    private long lastChannels = -1;

    @Override
    public void observe(AttentionModule module, NDArray x) {
      Shape s = x.getShape();
      int b = (int) s.get(0);
      int c = (int) s.get(1);
      int h = (int) s.get(2);
      int w = (int) s.get(3);
      float[] flat = module.attentionMap(x).broadcast(s).mean(new int[] {1}).toFloatArray();
      float[][][] m = new float[b][h][w];
      for (int i = 0; i < b; i++) {
        for (int y = 0; y < h; y++) {
          System.arraycopy(flat, (i * h + y) * w, m[i][y], 0, w);
        }
      }
      if (c != lastChannels) {
        stage++;
        index = 0;
        lastChannels = c;
      }
      names.add(String.format(Locale.ROOT, "layer%d.%d (%dch, %dx%d)", stage, index++, c, h, w));
      params += module.parameterFormula(c);
      maps.add(m);
    }

    AttentionMaps maps(String attention) {
      return new AttentionMaps(attention, names, maps, params);
    }
  }
}
