package io.dpfah.results;

import static io.dpfah.results.MetricsFixtures.finishedRun;
import static io.dpfah.results.MetricsFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.RunRecord.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReaderTest {

  @TempDir Path exp;

  @Test
  void readsTypedFieldsAndHistory() {
    Path run = finishedRun(exp, "pfa", 32, 1, 0.7, 0.71, 11193168, 0, 120.5);
    MetricsFixtures.history(run, 2.0, 1.5);
    RunRecord r = ResultsReader.readRun(run);
    assertEquals(Status.FINISHED, r.status());
    assertEquals("attention=pfa,bits=32,seed=1", r.runId());
    assertEquals("pfa", r.variantLabel());
    assertEquals(32, r.bits());
    assertEquals(1, r.seed());
    assertEquals("pfa", r.variant().get("model.attention"));
    assertEquals(32, r.variant().get("hash.bits"));
    assertEquals(11193168, r.metrics().params().total());
    assertEquals(List.of("all", "1000"), List.copyOf(r.metrics().retrieval().mapTieAware().keySet()));
    assertEquals(0.7, r.metrics().retrieval().mapTieAware().get("all"));
    assertEquals(0.71, r.metrics().retrieval().map().get("all"));
    assertEquals(0.8, r.metrics().retrieval().precisionAtN().get(1), 1e-12);
    assertEquals(List.of(1.0, 0.7, 0.5), r.metrics().retrieval().prRadius().precision());
    assertEquals(List.of(List.of(5L, 1L), List.of(0L, 4L)), r.metrics().classification().confusion());
    assertEquals(120.5, r.metrics().timing().trainS());
    assertEquals(2, r.history().size());
    assertEquals(1.5, r.history().get(1).loss());
    assertEquals(1.39, r.history().get(1).pairwise(), 1e-12);
    assertTrue(Double.isNaN(r.history().get(0).mapAll()));
    assertEquals(0.5, r.history().get(1).mapAll());
    // the machine-dependent columns come from timing.csv
    assertEquals(20.0, r.history().get(1).seconds());
    assertEquals(400.0, r.history().get(1).imagesPerS());
    assertEquals(1002.0, r.history().get(1).rssMb());
  }

  @Test
  void historyWithoutTimingFileHasNoTimingFigures() {
    Path run = finishedRun(exp, "pfa", 32, 1, 0.7, 0.71, 1, 0, 1);
    write(run.resolve("history.csv"), "epoch,loss,lr,map_all\n1,2.5,0.001,\n");
    RunRecord r = ResultsReader.readRun(run);
    assertEquals(2.5, r.history().get(0).loss());
    assertTrue(Double.isNaN(r.history().get(0).seconds()));
    assertTrue(Double.isNaN(r.history().get(0).rssMb()));
  }

  @Test
  void malformedTimingFileIsNamed() {
    Path run = finishedRun(exp, "pfa", 32, 1, 0.7, 0.71, 1, 0, 1);
    MetricsFixtures.history(run, 2.0);
    write(run.resolve("timing.csv"), "epoch,seconds\n1,fast\n");
    ResultsReadException e = assertThrows(ResultsReadException.class,
        () -> ResultsReader.readRun(run));
    assertTrue(e.getMessage().contains(run.resolve("timing.csv") + ":2"), e.getMessage());
    assertTrue(e.getMessage().contains("'seconds'"), e.getMessage());
  }

  /**
   * Result folders written before timing.csv existed (copies of committed ones in
   * {@code src/test/resources/fixtures/old-results}): its history.csv carries
   * seconds, images_per_s and rss_mb, and they are still read (values from the file's first line:
   * {@code 1,3.09452,1.64771,1.44311,0.0370281,0.00100000,44.7782,111.662,,1264}).
   */
  @Test
  void oldFormatResultFolderStillReads() {
    Path old = Path.of("src/test/resources/fixtures/old-results/dpfah-fmnist/seed=1-36186c41");
    assertTrue(java.nio.file.Files.isRegularFile(old.resolve("history.csv")), old.toString());
    assertTrue(!java.nio.file.Files.exists(old.resolve("timing.csv")), "an old-format folder");
    RunRecord r = ResultsReader.readRun(old);
    assertEquals(Status.FINISHED, r.status());
    assertEquals(12, r.history().size());
    RunRecord.HistoryRow first = r.history().get(0);
    assertEquals(1, first.epoch());
    assertEquals(3.09452, first.loss());
    assertEquals(1.64771, first.pairwise());
    assertEquals(0.001, first.lr(), 1e-12);
    assertEquals(44.7782, first.seconds());
    assertEquals(111.662, first.imagesPerS());
    assertEquals(1264.0, first.rssMb());
    assertTrue(Double.isNaN(first.mapAll()));
    ExperimentResults all = ResultsReader.read(
        Path.of("src/test/resources/fixtures/old-results/ablation-attention-fmnist"));
    assertEquals(List.of(), all.warnings());
    assertTrue(all.runs().stream().filter(RunRecord::finished)
        .allMatch(run -> !run.history().isEmpty() && !Double.isNaN(run.history().get(0).seconds())));
  }

  @Test
  void statusesAndReportFolderSkipped() {
    finishedRun(exp, "none", 16, 1, 0.5, 0.5, 1, 0, 1);
    MetricsFixtures.failedRun(exp, "pfa", 16, 1, "out of memory");
    write(exp.resolve("attention=se,bits=16,seed=1").resolve("train.log"), "epoch 1\n");
    write(exp.resolve("report").resolve("index.html"), "<html></html>");
    ExperimentResults res = ResultsReader.read(exp);
    assertEquals("ablation-attention", res.name());
    assertEquals(3, res.runs().size());
    assertEquals(List.of("none"), res.variants());
    Map<String, Status> byId = res.runs().stream()
        .collect(Collectors.toMap(RunRecord::runId, RunRecord::status));
    assertEquals(Status.FAILED, byId.get("attention=pfa,bits=16,seed=1"));
    assertEquals(Status.UNFINISHED, byId.get("attention=se,bits=16,seed=1"));
    assertEquals("out of memory", res.notFinished().stream()
        .filter(r -> r.status() == Status.FAILED).findFirst().orElseThrow().error());
  }

  @Test
  void malformedMetricsNamesFileAndField() {
    Path run = finishedRun(exp, "pfa", 32, 1, 0.7, 0.71, 1, 0, 1);
    Path file = run.resolve("metrics.json");
    write(file, """
        {"status": "finished", "bits": 32,
         "retrieval": {"map_tie_aware": {"all": 0.7}, "p_r2": "high"}}
        """);
    ResultsReadException e = assertThrows(ResultsReadException.class,
        () -> ResultsReader.readRun(run));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'retrieval.p_r2'"), e.getMessage());
    assertTrue(e.getMessage().contains("expected a number"), e.getMessage());
  }

  @Test
  void invalidJsonAndMissingHeadlineAreNamed() {
    Path run = exp.resolve("r1");
    write(run.resolve("metrics.json"), "{\"status\": \"finished\", \"bits\": 32,");
    ResultsReadException e = assertThrows(ResultsReadException.class,
        () -> ResultsReader.readRun(run));
    assertTrue(e.getMessage().startsWith(run.resolve("metrics.json") + ": not valid JSON"),
        e.getMessage());
    write(run.resolve("metrics.json"), "{\"status\": \"finished\", \"bits\": 32, "
        + "\"retrieval\": {\"map\": {\"all\": 0.5}}}");
    e = assertThrows(ResultsReadException.class, () -> ResultsReader.readRun(run));
    assertTrue(e.getMessage().contains("'retrieval.map_tie_aware.all'"), e.getMessage());
    write(run.resolve("metrics.json"), "{\"status\": \"done\"}");
    e = assertThrows(ResultsReadException.class, () -> ResultsReader.readRun(run));
    assertTrue(e.getMessage().contains("'status'"), e.getMessage());
  }

  @Test
  void lenientReadKeepsOtherRunsAndRecordsBrokenOne() {
    finishedRun(exp, "none", 16, 1, 0.5, 0.5, 1, 0, 1);
    Path bad = finishedRun(exp, "pfa", 16, 1, 0.6, 0.6, 1, 0, 1);
    write(bad.resolve("metrics.json"), "{\"status\": \"finished\", \"bits\": \"sixteen\"}");
    Path badHistory = finishedRun(exp, "se", 16, 1, 0.55, 0.55, 1, 0, 1);
    write(badHistory.resolve("history.csv"), "epoch,loss\n1,abc\n");
    ExperimentResults res = ResultsReader.read(exp);
    assertEquals(List.of("none", "se"), res.variants());
    RunRecord broken = res.runs().stream().filter(r -> r.status() == Status.BROKEN)
        .findFirst().orElseThrow();
    assertTrue(broken.error().contains(bad.resolve("metrics.json").toString()));
    assertTrue(broken.error().contains("'bits'"));
    assertEquals(2, res.warnings().size());
    assertTrue(res.warnings().get(1).contains(badHistory.resolve("history.csv") + ":2"),
        res.warnings().get(1));
    assertTrue(res.warnings().get(1).contains("'loss'"));
    assertThrows(ResultsReadException.class, () -> ResultsReader.readRun(badHistory));
  }

  @Test
  void lossAblationLabels() {
    write(exp.resolve("v0,bits=32,seed=1/metrics.json"), lossRun("{\"hash.bits\": 32}"));
    write(exp.resolve("v1,bits=32,seed=1/metrics.json"), lossRun(
        "{\"classifier.enabled\": false, \"loss.quantization\": 0.0, \"hash.bits\": 32}"));
    write(exp.resolve("v2,bits=32,seed=1/metrics.json"), lossRun(
        "{\"loss.classification\": 0, \"loss.quantization\": 0.0, \"hash.bits\": 32}"));
    ExperimentResults res = ResultsReader.read(exp);
    // axes keep their first-seen order in every label; rows: default first, then alphabetical
    assertEquals(List.of("default", "classifier=off,quantization=0",
        "quantization=0,classification=0"), res.variants());
  }

  @Test
  void missingFolderIsAnError() {
    ResultsReadException e = assertThrows(ResultsReadException.class,
        () -> ResultsReader.read(exp.resolve("nope")));
    assertTrue(e.getMessage().contains("nope"));
  }

  private static String lossRun(String variant) {
    return "{\"status\": \"finished\", \"attention\": \"pfa\", \"bits\": 32, \"seed\": 1, "
        + "\"variant\": " + variant + ", \"retrieval\": {\"map_tie_aware\": {\"all\": 0.5}}}";
  }
}
