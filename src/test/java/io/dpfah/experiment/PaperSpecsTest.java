package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dpfah.model.TorchvisionParityTest;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.spec.SweepPlan;
import io.dpfah.spec.SweepRun;
import io.dpfah.train.Progress;
import io.dpfah.weights.PretrainedWeights;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specs of the paper's setting ({@code experiments/paper/}) validate, and one of them runs for
 * an epoch on CPU from weights in torchvision's format.
 */
class PaperSpecsTest {
  private static final Path PAPER = Path.of("experiments/paper");

  @TempDir Path tmp;

  /** Every paper spec and every run of its sweep: the paper's lengths, 224 px, PFA or ablation. */
  @Test
  void everyPaperSpecValidates() throws Exception {
    List<Path> specs;
    try (Stream<Path> s = Files.list(PAPER)) {
      specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(6, specs.size(), "three data sets x (pfa, attention ablation): " + specs);
    for (Path file : specs) {
      List<SweepRun> runs = SweepPlan.expand(file, List.of());
      ExperimentSpec first = runs.get(0).spec();
      assertEquals(224, first.data().imageSize(), file.toString());
      assertEquals("torchvision", first.model().pretrained(), file.toString());
      if (file.getFileName().toString().endsWith("-pfa.yaml")) {
        assertEquals(List.of(16, 32, 48, 64),
            runs.stream().map(r -> r.spec().hash().bits()).toList(), file.toString());
        assertTrue(runs.stream().allMatch(r -> r.spec().model().attention().equals("pfa")));
      } else {
        assertEquals(List.of("none", "pfa", "se", "cbam"), runs.stream()
            .map(r -> r.spec().model().attention()).distinct().toList(), file.toString());
      }
    }
  }

  /**
   * cifar10-pfa.yaml, shrunk to a few images and one epoch, on CIFAR-10 binary files and a
   * ResNet18 state dict that Debian's torchvision wrote: the run finishes and records the file.
   */
  @Test
  void cifar10PfaSmokeRunFromTorchvisionWeights() throws Exception {
    assumeTrue(TorchvisionParityTest.torchvisionAvailable(), "no torchvision: smoke run skipped");
    Path weights = tmp.resolve("weights");
    Files.createDirectories(weights);
    TorchvisionParityTest.runScript(weights, "resnet18");
    Path pth = weights.resolve("resnet18.pth");
    CifarFixture.write(tmp.resolve("cifar"), 10, 7);   // 60 images, 6 per class
    ExperimentSpec spec = SpecLoader.load(PAPER.resolve("cifar10-pfa.yaml"), List.of(
        "sweep=null", "threads=2", "data.root=" + tmp.resolve("cifar"), "data.query_per_class=1",
        "data.train_per_class=2", "optim.epochs=1", "optim.batch_size=10",
        "eval.batch_size=10", "model.pretrained=" + pth));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    RunOutcome o = new RunExecutor(tmp.resolve("results"), false,
        epochs -> new Progress(quiet, false, epochs)).run(spec, "smoke", Map.of());

    assertTrue(o.finished(), () -> "run failed: " + o.error());
    String metrics = Files.readString(o.runDir().resolve("metrics.json")).replace(" ", "");
    String sha = PretrainedWeights.sha256(pth);
    assertTrue(metrics.contains("\"sha256\":\"" + sha + "\""), metrics);
    assertTrue(metrics.contains("\"num_queries\":10"), metrics);
    // cifar10: database = pool minus queries and training images = 60 - 10 - 20
    assertTrue(metrics.contains("\"num_database\":30"), metrics);
  }
}
