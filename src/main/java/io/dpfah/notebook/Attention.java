package io.dpfah.notebook;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dpfah.data.FashionMnistSource;
import io.dpfah.data.InMemoryImageSource;
import io.dpfah.data.RawImage;
import io.dpfah.model.AttentionModule;
import io.dpfah.model.AttentionRegistry;
import io.dpfah.model.BasicBlock;
import io.dpfah.model.Placement;
import io.dpfah.model.ResNetBackbone;
import io.dpfah.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Attention weights inside a ResNet18 (CIFAR stem: 3×3 conv, no pooling, so 28×28 inputs keep
 * 28/14/7/4-pixel maps) for sample images. The network is randomly initialised (seeded) and not
 * trained: the maps show what each mechanism computes from the features, not what it learns.
 * PFA has no parameters, so its weights depend only on the features; SE, CBAM and the spatial gate
 * apply random weights at initialisation.
 */
public final class Attention {
  /** Fashion-MNIST pixel mean and standard deviation (training set). */
  private static final float MEAN = 0.2860f;
  private static final float STD = 0.3530f;
  private static final int[] WIDTHS = {64, 128, 256, 512};

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
      List<Recorder> recorders = new ArrayList<>();
      SequentialBlock net = network(spec, recorders);
      Shape shape = new Shape(samples.size(), 3, first.height(), first.width());
      net.initialize(manager, DataType.FLOAT32, shape);
      NDArray x = manager.create(input(samples), shape);
      List<String> names = new ArrayList<>();
      List<float[][][]> maps = new ArrayList<>();
      try (NDManager batch = manager.newSubManager()) {
        x.attach(batch);
        recorders.forEach(r -> r.sink = maps);
        net.forward(new ParameterStore(batch, false), new NDList(x), false);
      }
      long params = 0;
      for (int b = 0; b < recorders.size(); b++) {
        int c = recorders.get(b).channels;
        float[][][] m = maps.get(b);
        names.add(String.format(Locale.ROOT, "layer%d.%d (%dch, %dx%d)", b / 2 + 1, b % 2, c,
            m[0].length, m[0][0].length));
        params += recorders.get(b).inner.parameterFormula(c);
      }
      return new AttentionMaps(attention, names, maps, params);
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

  private static SequentialBlock network(ModelSpec spec, List<Recorder> recorders) {
    Placement placement = Placement.resolve(spec.placement(), spec.attention());
    SequentialBlock net = new SequentialBlock()
        .add(Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3))
            .optPadding(new Shape(1, 1)).optBias(false).build())
        .add(BatchNorm.builder().build())
        .add(Activation::relu);
    int in = 64;
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      for (int i = 0; i < 2; i++) {
        int out = WIDTHS[stage];
        Recorder r = new Recorder(AttentionRegistry.create(spec, out), out);
        recorders.add(r);
        net.add(new BasicBlock(in, out, stage > 0 && i == 0 ? 2 : 1, r, placement));
        in = out;
      }
    }
    return net;
  }

  /** Wraps an attention module and records its channel-averaged weights on each forward pass. */
  private static final class Recorder extends AbstractBlock implements AttentionModule {
    final AttentionModule inner;
    final int channels;
    List<float[][][]> sink;

    Recorder(AttentionModule inner, int channels) {
      super((byte) 1);
      this.inner = addChildBlock("inner", inner);
      this.channels = channels;
    }

    @Override
    public String variant() {
      return inner.variant();
    }

    @Override
    public NDArray attentionMap(NDArray x) {
      return inner.attentionMap(x);
    }

    @Override
    public long parameterFormula(int c) {
      return inner.parameterFormula(c);
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray x = inputs.singletonOrThrow();
      if (sink != null) {
        Shape s = x.getShape();
        int b = (int) s.get(0);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] flat = inner.attentionMap(x).broadcast(s).mean(new int[] {1}).toFloatArray();
        float[][][] m = new float[b][h][w];
        for (int i = 0; i < b; i++) {
          for (int y = 0; y < h; y++) {
            System.arraycopy(flat, (i * h + y) * w, m[i][y], 0, w);
          }
        }
        sink.add(m);
      }
      return inner.forward(ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
      inner.initialize(manager, dataType, inputShapes);
    }
  }
}
