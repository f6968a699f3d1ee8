package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.cli.Main;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.Npy;
import io.dpfah.eval.NpyArray;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.results.ExperimentResults;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shallow baselines through the real CLI, as a sweep over {@code method}: every run is a
 * normal results folder scored by the shared evaluator, with retrieval well above chance.
 */
class ShallowEndToEndTest {
  /** 4 balanced classes: a random ranking's expected AP is the share of relevant items, 1/4. */
  private static final double CHANCE = 0.25;
  private static final String DATA = """
      seed: 7
      data:
        dataset: synthetic
        image_size: 16
        normalization: none
        synthetic: {classes: 4, train_per_class: 40, query_per_class: 10,
                    database_per_class: 60, noise: 0.2}
      eval: {topk: [all], precision_at: [10], batch_size: 64}
      """;

  @TempDir Path dir;

  private record Result(int code, String err) {}

  private static Result cli(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    return new Result(cli.execute(args), err.toString());
  }

  private Path spec(String name, String body) throws Exception {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, "name: " + name + "\n" + DATA + body);
    return spec;
  }

  @Test
  void sweepOverLshAndItqOnARandomBackboneBeatsChanceAndSaysSo() throws Exception {
    Path spec = spec("shallow", """
        model: {backbone: resnet18, stem: cifar, attention: none}
        hash: {bits: 16}
        method:
          name: lsh
          lsh: {random_backbone: true}
          itq: {random_backbone: true}
        sweep:
          axes:
            method: [lsh, itq]
        """);
    Path out = dir.resolve("results");
    Result r = cli("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());

    ExperimentResults results = ResultsReader.read(out.resolve("shallow"));
    assertEquals(List.of("itq (random-init backbone)", "lsh (random-init backbone)"),
        results.variants(), "the report cannot pass random features off as trained ones");
    for (RunRecord run : results.finished()) {
      RunMetrics m = run.metrics();
      double map = m.retrieval().mapTieAware().get("all");
      assertTrue(map > CHANCE + 0.15, run.variantLabel() + ": mAP " + map + " vs chance "
          + CHANCE);
      assertEquals(new RunMetrics.Features("random", null, 512), m.features());
      assertNull(m.pretrained());
      assertEquals(512L * 16, m.params().hash(), "the F×K projection");
      assertEquals(11_168_832L, m.params().backbone(), "ResNet18, cifar stem");
      assertFalse(Files.exists(run.dir().resolve("model")), "nothing was trained");
      assertEquals(List.of("epoch,loss,lr,map_all"),
          Files.readAllLines(run.dir().resolve("history.csv")), "no epochs");
      NpyArray p = Npy.read(run.dir().resolve("hash_projection.npy"));
      assertEquals(List.of(512, 16), List.of(p.dim(0), p.dim(1)));
      EvalInputs.Loaded codes = EvalInputs.load(run.dir().resolve("query_codes.npy"),
          run.dir().resolve("db_codes.npy"), run.dir().resolve("query_labels.npy"),
          run.dir().resolve("db_labels.npy"));
      assertEquals(40, codes.query().size());
      assertEquals(240, codes.db().size());
      assertEquals(map, RetrievalEvaluator.evaluate(codes.query(), codes.queryLabels(),
          codes.db(), codes.dbLabels(), EvalOptions.defaults()).mapTieAware().get(-1), 1e-12,
          "the saved codes give the reported figure");
      List<String> log = Files.readAllLines(run.dir().resolve("run.log"));
      assertTrue(log.stream().anyMatch(l -> l.contains("RANDOMLY INITIALISED backbone")), log
          .toString());
    }
    Path itq = results.finished().stream().filter(x -> x.variantLabel().startsWith("itq"))
        .findFirst().orElseThrow().dir();
    List<String> fit = Files.readAllLines(itq.resolve(RunExecutor.FIT_FILE));
    assertEquals("iteration,quantization_loss", fit.get(0));
    assertEquals(51, fit.size(), "50 iterations");
    double previous = Double.MAX_VALUE;
    for (String line : fit.subList(1, fit.size())) {
      double q = Double.parseDouble(line.split(",")[1]);
      assertTrue(q <= previous, fit.toString());
      previous = q;
    }
    String table = Files.readString(out.resolve("shallow/report/tables/map_tie_aware_all.md"));
    assertTrue(table.contains("lsh (random-init backbone)"), table);
  }

  @Test
  void itqHashesATrainedRunsNetwork() throws Exception {
    Path out = dir.resolve("results");
    Path deep = spec("deep", """
        model: {backbone: resnet18, stem: cifar, attention: none}
        hash: {bits: 8}
        method: dpsh
        optim: {batch_size: 32, epochs: 1, schedule: none}
        """);
    Result trained = cli("run", deep.toString(), "--out", out.toString());
    assertEquals(0, trained.code(), trained.err());
    Path runDir;
    try (Stream<Path> s = Files.list(out.resolve("deep"))) {
      runDir = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst()
          .orElseThrow();
    }
    RunMetrics deepMetrics = ResultsReader.readRun(runDir).metrics();

    // the spec's own backbone is unused: the features network is the run's ResNet18
    Path spec = spec("from-run", "model: {backbone: resnet34, from_run: '" + runDir + "'}\n"
        + "hash: {bits: 16}\nmethod: itq\n");
    Result r = cli("run", spec.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    RunRecord run;
    try (Stream<Path> s = Files.list(out.resolve("from-run"))) {
      run = ResultsReader.readRun(s.filter(p -> !p.getFileName().toString().startsWith("."))
          .findFirst().orElseThrow());
    }
    RunMetrics m = run.metrics();
    assertEquals(new RunMetrics.Features("run", runDir.toAbsolutePath().normalize().toString(),
        512), m.features());
    assertEquals("resnet18", m.backbone());
    assertEquals("none", m.attention());
    assertEquals(deepMetrics.params().backbone(), m.params().backbone());
    assertFalse(run.variantLabel().contains("random"), run.variantLabel());
    assertTrue(m.retrieval().mapTieAware().get("all") > CHANCE + 0.15,
        "mAP " + m.retrieval().mapTieAware().get("all"));

    Result wrong = cli("run", spec.toString(), "--out", out.toString(), "--set",
        "data.image_size=32");
    assertEquals(3, wrong.code());
    assertEquals("dpfah run: model.from_run: the network of " + runDir + " takes 16 px,"
        + " 3-channel images; set data.image_size: 16 and data.channels: 3 (got 32 px, 3"
        + " channels)", wrong.err().strip());
  }

  @Test
  void badFeatureSourcesGetOneClearLine() throws Exception {
    Path none = spec("none", "method: lsh\n");
    Result r = cli("validate", none.toString());
    assertEquals(2, r.code());
    assertEquals("dpfah validate: " + none + ":10: method: method lsh hashes a backbone's"
        + " pooled features: set"
        + " model.pretrained (a weights file or torchvision) or model.from_run (a finished run's"
        + " folder), or method.lsh.random_backbone: true for a randomly initialised backbone",
        r.err().strip());

    Path wide = spec("wide", "model: {pretrained: torchvision}\nmethod: itq\nhash: {bits: 1024}\n");
    r = cli("validate", wide.toString());
    assertEquals(2, r.code());
    assertEquals("dpfah validate: " + wide + ":12: hash.bits: method itq fits at most 512"
        + " bits on resnet18's 512"
        + " pooled features, got 1024", r.err().strip());

    Path missing = dir.resolve("no-such-run");
    Path gone = spec("gone", "model: {from_run: '" + missing + "'}\nmethod: itq\n");
    Path out = dir.resolve("results");
    r = cli("run", gone.toString(), "--out", out.toString());
    assertEquals(3, r.code(), "the run is recorded as failed");
    assertEquals("dpfah run: model.from_run: " + missing + ": no such run folder, expected"
        + " results/<experiment>/<run>", r.err().strip());
    RunRecord failed;
    try (Stream<Path> s = Files.list(out.resolve("gone"))) {
      failed = ResultsReader.readRun(s.filter(p -> !p.getFileName().toString().startsWith("."))
          .findFirst().orElseThrow());
    }
    assertEquals(RunRecord.Status.FAILED, failed.status());
  }
}
