package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunRecord;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.train.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cifar10 protocol end to end on a small learnable set in the official binary layout. */
class Cifar10EndToEndTest {
  @TempDir Path tmp;

  @Test
  void cifar10ProtocolLearnsClassStructuredImages() throws Exception {
    CifarFixture.write(tmp.resolve("cifar"), 40, 3);   // 240 images, 24 per class
    String yaml = """
        name: cifar10-e2e
        seed: 5
        threads: 2
        data:
          dataset: cifar10
          root: %s
          protocol: cifar10
          image_size: 16
          query_per_class: 4
          train_per_class: 12
        model: {stem: cifar, attention: pfa}
        hash: {bits: 16}
        optim: {batch_size: 32, epochs: 3, lr: 0.001, schedule: none}
        eval: {topk: [all], precision_at: [1]}
        """.formatted(tmp.resolve("cifar"));
    ExperimentSpec spec = SpecLoader.parse(yaml, "e2e.yaml", List.of());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    RunOutcome o = new RunExecutor(tmp.resolve("results"), false,
        epochs -> new Progress(quiet, false, epochs)).run(spec, "r1", Map.of());

    assertTrue(o.finished(), () -> "run failed: " + o.error());
    RunMetrics.Retrieval retrieval = o.metrics().retrieval();
    assertEquals(40, retrieval.numQueries());
    // cifar10: database = pool minus query and train = 240 - 40 - 120
    assertEquals(80, retrieval.numDatabase());
    double map = retrieval.mapTieAware().get("all");
    assertTrue(map >= 0.5, "tie-aware mAP@all " + map + " should be well above chance (0.1)");
    // it learned: the loss falls, and the codes beat the untrained network's on the same split
    List<RunRecord.HistoryRow> history = ResultsReader.readRunHistory(o.runDir());
    assertEquals(3, history.size());
    double first = history.get(0).loss();
    double last = history.get(2).loss();
    assertTrue(last < 0.8 * first, "loss " + first + " → " + last + ": should fall by 20%");
    double untrained = UntrainedBaseline.mapTieAware(spec);
    assertTrue(map > untrained + 0.2, "trained mAP " + map + " vs untrained " + untrained);
    assertEquals(RunMetrics.Cutoff.ALL, o.metrics().protocolTopk());
    String data = Files.readString(o.runDir().resolve("data.json"));
    assertTrue(data.replace(" ", "").contains("\"queryPerClass\":4"), data);
  }
}
