package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.SpecLoader;
import io.dpfah.train.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run trained in seconds for tests that need a real run folder (weights, codes, spec): 3
 * classes of synthetic 8×8 images (4 training, 2 query, 4 database images each), ResNet18 with
 * the CIFAR stem, 12 bits, one epoch.
 */
public final class TinyRun {
  /** Code length of the run. */
  public static final int BITS = 12;

  /** The spec, with {@code %s} for the attention variant. */
  private static final String SPEC = """
      name: tiny
      seed: 2
      data:
        dataset: synthetic
        image_size: 8
        normalization: dataset
        synthetic: {classes: 3, train_per_class: 4, query_per_class: 2, database_per_class: 4}
      model: {stem: cifar, attention: %s}
      hash: {bits: 12}
      optim: {batch_size: 6, epochs: 1, schedule: none}
      eval: {topk: [all], precision_at: [1], batch_size: 5}
      """;

  private TinyRun() {}

  /** Trains the run with {@code attention} as {@code results/tiny/<runId>} and returns its folder. */
  public static Path train(Path results, String runId, String attention) {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    RunOutcome o = new RunExecutor(results, false, epochs -> new Progress(quiet, false, epochs))
        .run(SpecLoader.parse(String.format(SPEC, attention), "tiny.yaml", List.of()), runId,
            Map.of());
    assertTrue(o.finished(), () -> "run failed: " + o.error());
    return o.runDir();
  }
}
