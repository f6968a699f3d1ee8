package io.dpfah.cli;

import io.dpfah.bench.TrainingBenchmark;
import io.dpfah.bench.TrainingBenchmark.Mode;
import io.dpfah.bench.TrainingBenchmark.Settings;
import io.dpfah.model.AttentionRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah bench-train}: dpfah's side of {@code bench/side-by-side.sh}. Times the real
 * training step (or encoding) of a spec built from the options, on random in-memory images, and
 * prints one {@code bench key=value ...} line (see {@link io.dpfah.bench.BenchLine}).
 */
@Command(
    name = "bench-train",
    mixinStandardHelpOptions = true,
    description = {
        "Time dpfah's real training step (HashTrainer with the spec's method, code memory, loss"
            + " and optimiser) or encoding on random in-memory images; prints one line"
            + " 'bench impl=dpfah mode=... images_per_s=... user_s_per_step=..."
            + " sys_s_per_step=...'. bench/side-by-side.sh runs it against"
            + " bench/torch_reference.py."})
public final class BenchTrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--mode", description = "train or encode (default: ${DEFAULT-VALUE}).")
  String mode = "train";

  @Option(names = "--backbone", completionCandidates = BackboneNames.class,
      description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String backbone = "resnet18";

  @Option(names = "--size", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
  int size = 32;

  @Option(names = "--attention", description = "Attention variant (default: ${DEFAULT-VALUE}).")
  String attention = "none";

  @Option(names = "--batch", description = "Training batch, optim.batch_size (default: ${DEFAULT-VALUE}).")
  int batch = 64;

  @Option(names = "--encode-batch",
      description = "Encoding batch, eval.batch_size (default: ${DEFAULT-VALUE}).")
  int encodeBatch = 256;

  @Option(names = "--bits", description = "Hash code length K (default: ${DEFAULT-VALUE}).")
  int bits = 64;

  @Option(names = "--classes", description = "Classes (default: ${DEFAULT-VALUE}).")
  int classes = 10;

  @Option(names = "--train-images",
      description = "Training images = rows of the code memory (default: ${DEFAULT-VALUE},"
          + " as fmnist-hash and cifar10).")
  int trainImages = 5000;

  @Option(names = "--warmup", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  int warmup = 5;

  @Option(names = "--warmup-seconds",
      description = "Untimed steps go on until this many seconds have passed, at least --warmup"
          + " of them, so that the JIT compiler has settled (default: ${DEFAULT-VALUE}).")
  double warmupSeconds = 0;

  @Option(names = "--steps", description = "Timed steps (default: ${DEFAULT-VALUE}).")
  int steps = 30;

  @Option(names = "--threads",
      description = "Intra-op CPU threads, 0 = library default (default: ${DEFAULT-VALUE}).")
  int threads = 0;

  @Option(names = "--device", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  @Option(names = "--seed", description = "Seed of initialisation and images (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--profile", paramLabel = "FILE",
      description = "Write libtorch's profile of the timed steps' operations to FILE (a Chrome"
          + " trace; bench/op-table.py sums it per operation). Profiling slows the steps: the"
          + " line's figures are then not for comparison.")
  Path profile;

  @Option(names = "--set", paramLabel = "path=value",
      description = "Override a field of the benchmark's spec, e.g. --set method=dpsh or"
          + " --set loss.memory=false (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    Mode m = switch (mode) {
      case "train" -> Mode.TRAIN;
      case "encode" -> Mode.ENCODE;
      default -> throw new ParameterException(spec.commandLine(),
          "--mode: expected train or encode, got '" + mode + "'");
    };
    if (!AttentionRegistry.names().contains(attention)) {
      throw new ParameterException(spec.commandLine(), "--attention: unknown variant '"
          + attention + "', expected one of " + AttentionRegistry.names());
    }
    if (size < 1 || batch < 2 || encodeBatch < 1 || bits < 1 || classes < 1 || trainImages < 1
        || steps < 1 || warmup < 0 || threads < 0 || !(warmupSeconds >= 0)
        || Double.isInfinite(warmupSeconds)) {
      throw new ParameterException(spec.commandLine(), "expected --size, --encode-batch, --bits,"
          + " --classes, --train-images, --steps >= 1, --batch >= 2 (BatchNorm in training),"
          + " --warmup, --warmup-seconds, --threads >= 0");
    }
    PrintWriter err = spec.commandLine().getErr();
    Settings s = new Settings(m, backbone, size, attention, batch, encodeBatch, bits, classes,
        trainImages, warmup, warmupSeconds, steps, threads, device, seed, overrides, profile);
    String line = TrainingBenchmark.run(s, note -> {
      err.println(note);
      err.flush();
    }).format();
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
    return 0;
  }
}
