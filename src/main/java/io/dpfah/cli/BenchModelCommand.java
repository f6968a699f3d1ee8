package io.dpfah.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dpfah.model.AttentionRegistry;
import io.dpfah.model.Devices;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ModelFactory;
import io.dpfah.model.OneDnn;
import io.dpfah.model.ParameterCount;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import io.dpfah.spec.ModelSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah bench-model}: images/s of the hashing network per attention variant, for a
 * training step (forward + backward + SGD update, hash and classification losses) and for
 * inference (forward only, no gradient), on random images.
 */
@Command(
    name = "bench-model",
    mixinStandardHelpOptions = true,
    description = "Measure training and inference throughput (images/s) per attention variant.")
public final class BenchModelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--attention",
      split = ",",
      description = "Attention variants, comma separated (default: ${DEFAULT-VALUE}).")
  List<String> attention = List.of("none", "pfa");

  @Option(names = "--backbone", completionCandidates = BackboneNames.class,
      description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String backbone = "resnet18";

  @Option(names = "--stem", description = "imagenet or cifar (default: ${DEFAULT-VALUE}).")
  String stem = "imagenet";

  @Option(names = "--placement", description = "auto, conv2, bn2 or output (default: ${DEFAULT-VALUE}).")
  String placement = "auto";

  @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch = 64;

  @Option(names = "--size", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
  int size = 32;

  @Option(names = "--bits", description = "Hash code length K (default: ${DEFAULT-VALUE}).")
  int bits = 64;

  @Option(names = "--classes", description = "Classifier outputs (default: ${DEFAULT-VALUE}).")
  int classes = 10;

  @Option(names = "--warmup", description = "Untimed iterations per mode (default: ${DEFAULT-VALUE}).")
  int warmup = 2;

  @Option(names = "--iters", description = "Timed iterations per mode (default: ${DEFAULT-VALUE}).")
  int iters = 10;

  @Option(names = "--device", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  @Option(
      names = "--threads",
      description = "Intra-op CPU threads, 0 = library default (default: ${DEFAULT-VALUE}).")
  int threads = 0;

  /** One measured variant. */
  record Result(String variant, long parameters, double trainImagesPerSecond, double inferImagesPerSecond) {}

  @Override
  public Integer call() {
    if (threads < 0) {
      throw new ParameterException(spec.commandLine(), "--threads: expected >= 0, got " + threads);
    }
    if (batch < 2 || size < 1 || bits < 1 || classes < 1 || iters < 1 || warmup < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "expected --batch >= 2 (BatchNorm in training), --size, --bits, --classes, --iters >= 1"
              + " and --warmup >= 0");
    }
    for (String name : attention) {
      if (!AttentionRegistry.names().contains(name)) {
        throw new ParameterException(
            spec.commandLine(),
            "--attention: unknown variant '" + name + "', expected one of " + AttentionRegistry.names());
      }
    }
    Device dev = Devices.select(device);
    int usedThreads = Devices.threads(threads);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%s, stem %s, placement %s, %dx%d, batch %d, K=%d, %d classes, device %s, %d threads,"
            + " %d warm-up + %d timed iterations%n",
        backbone, stem, placement, size, size, batch, bits, classes, dev, usedThreads, warmup, iters);
    out.printf(Locale.ROOT, "%-8s %12s %16s %16s%n", "variant", "parameters", "train img/s", "infer img/s");
    for (String name : attention) {
      Result r = measure(name, dev);
      out.printf(
          Locale.ROOT,
          "%-8s %,12d %16.1f %16.1f%n",
          r.variant(), r.parameters(), r.trainImagesPerSecond(), r.inferImagesPerSecond());
      out.flush();
    }
    return 0;
  }

  private boolean oneDnnSaid;

  private Result measure(String variant, Device dev) {
    ModelSpec modelSpec = new ModelSpec(backbone, stem, variant, 1e-4, 16, 7, placement);
    HashingNetwork net =
        ModelFactory.build(modelSpec, new HashSpec(bits), new ClassifierSpec(true), classes);
    Shape input = new Shape(batch, 3, size, size);
    try (Model model = Model.newInstance("bench-" + variant, dev, "PyTorch")) {
      model.setBlock(net);
      OneDnn.guard(net, dev).filter(line -> !oneDnnSaid).ifPresent(line -> {
        spec.commandLine().getOut().println(line);
        oneDnnSaid = true;
      });
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optDevices(new Device[] {dev})
              .optOptimizer(
                  Optimizer.sgd()
                      .setLearningRateTracker(Tracker.fixed(0.01f))
                      .optMomentum(0.9f)
                      .optWeightDecays(5e-4f)
                      .build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(input);
        long parameters = ParameterCount.of(net).total();
        NDManager manager = trainer.getManager();
        for (int i = 0; i < warmup; i++) {
          trainStep(trainer, manager, input);
        }
        long start = System.nanoTime();
        for (int i = 0; i < iters; i++) {
          trainStep(trainer, manager, input);
        }
        double train = (double) batch * iters / ((System.nanoTime() - start) / 1e9);
        for (int i = 0; i < warmup; i++) {
          inferStep(net, manager, input);
        }
        start = System.nanoTime();
        for (int i = 0; i < iters; i++) {
          inferStep(net, manager, input);
        }
        double infer = (double) batch * iters / ((System.nanoTime() - start) / 1e9);
        return new Result(variant, parameters, train, infer);
      }
    }
  }

  private void trainStep(Trainer trainer, NDManager parent, Shape input) {
    try (NDManager m = parent.newSubManager()) {
      NDArray x = m.randomNormal(input);
      NDArray labels = m.randomInteger(0, classes, new Shape(batch), DataType.INT32).toType(DataType.FLOAT32, false);
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList out = trainer.forward(new NDList(x));
        NDArray u = out.get(0);
        NDArray loss =
            trainer.getLoss()
                .evaluate(new NDList(labels), new NDList(out.get(1)))
                .add(u.abs().sub(1).square().mean());
        collector.backward(loss);
      }
      trainer.step();
    }
  }

  private static void inferStep(HashingNetwork net, NDManager parent, Shape input) {
    try (NDManager m = parent.newSubManager()) {
      NDArray x = m.randomNormal(input);
      NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
      out.get(0).toFloatArray();
    }
  }
}
