package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.cli.Main;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.HashCodes;
import io.dpfah.results.MetricsFile;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunRecord;
import io.dpfah.spec.SpecLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The smoke spec, through the real CLI: trains, evaluates and writes a complete run folder. */
class SyntheticEndToEndTest {
  @TempDir Path out;

  @Test
  void smokeSpecTrainsToHighMapAndWritesAFinishedRunFolder() throws Exception {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("run", "experiments/synthetic-smoke.yaml", "--out", out.toString());
    assertEquals(0, code, err.toString());

    Path exp = out.resolve("synthetic-smoke");
    Path run;
    try (Stream<Path> s = Files.list(exp)) {
      List<Path> runs = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      assertEquals(1, runs.size(), runs.toString());
      run = runs.get(0);
    }
    for (String f : List.of("spec.yaml", "metrics.json", "history.csv", "timing.csv",
        "provenance.json", "data.json", "query_codes.npy", "db_codes.npy", "query_labels.npy",
        "db_labels.npy", "run.log")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), "missing " + f);
    }
    RunMetrics m = MetricsFile.read(run.resolve("metrics.json"));
    assertEquals(Files.readString(run.resolve("metrics.json")).strip(), MetricsFile.toJson(m),
        "metrics.json reads back into the record it was written from");
    assertTrue(m.finished());
    double tieAware = m.retrieval().mapTieAware().get("all");
    assertTrue(tieAware >= 0.9, "tie-aware mAP@all " + tieAware);
    assertEquals(0L, m.params().attention(), "PFA adds no parameters");
    assertEquals(11, Files.readAllLines(run.resolve("history.csv")).size(), "header + 10 epochs");
    assertEquals(11, Files.readAllLines(run.resolve("timing.csv")).size(), "header + 10 epochs");

    // it learned: the loss falls, and the codes beat the untrained network's on the same split
    List<RunRecord.HistoryRow> history = ResultsReader.readRunHistory(run);
    double first = history.get(0).loss();
    double last = history.get(history.size() - 1).loss();
    assertTrue(last < 0.5 * first, "loss " + first + " → " + last + ": should at least halve");
    double untrained = UntrainedBaseline.mapTieAware(
        SpecLoader.load(Path.of("experiments/synthetic-smoke.yaml")));
    assertTrue(tieAware > untrained + 0.2,
        "trained mAP " + tieAware + " vs untrained " + untrained);

    List<String> log = Files.readAllLines(run.resolve("run.log"));
    assertEquals(10, log.stream().filter(l -> l.matches("\\S+ epoch \\d+ done: .*")).count(), log.toString());
    assertTrue(log.get(log.size() - 1).matches("\\S+ retrieval: .*"), log.toString());

    // the saved codes reproduce the reported figure through the standalone evaluator
    EvalInputs.Loaded codes = EvalInputs.load(run.resolve("query_codes.npy"),
        run.resolve("db_codes.npy"), run.resolve("query_labels.npy"), run.resolve("db_labels.npy"));
    HashCodes q = codes.query();
    assertEquals(40, q.size());
    assertEquals(16, q.bits());
    double again = io.dpfah.eval.RetrievalEvaluator.evaluate(q, codes.queryLabels(), codes.db(),
        codes.dbLabels(), io.dpfah.eval.EvalOptions.defaults()).mapTieAware().get(-1);
    assertEquals(tieAware, again, 1e-12);

    // the same spec and seed again: refused, the finished run untouched
    StringWriter err2 = new StringWriter();
    CommandLine cli2 = Main.commandLine();
    cli2.setErr(new PrintWriter(err2));
    assertEquals(2, cli2.execute("run", "experiments/synthetic-smoke.yaml", "--out", out.toString()));
    assertTrue(err2.toString().contains("already a finished run"), err2.toString());
  }
}
