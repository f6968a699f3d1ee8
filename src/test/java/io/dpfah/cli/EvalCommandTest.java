package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.Npy;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.results.MetricsFile;
import io.dpfah.results.MetricsFixtures;
import io.dpfah.results.RunMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** End-to-end runs of {@code dpfah eval} and {@code dpfah bench-eval} on temporary files. */
class EvalCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The hand-computed example of RetrievalEvaluatorTest, written as .npy files (±1 int8 codes). */
  Path[] writeExample() {
    Path q = dir.resolve("q.npy");
    Path db = dir.resolve("db.npy");
    Path ql = dir.resolve("ql.npy");
    Path dl = dir.resolve("dl.npy");
    Npy.writeInt8(q, new byte[] {-1, -1, -1, -1}, 1, 4);
    Npy.writeInt8(db, new byte[] {
        1, -1, -1, -1,
        -1, -1, -1, -1,
        1, 1, -1, -1,
        -1, 1, -1, -1,
        1, 1, 1, -1}, 5, 4);
    Npy.writeInt32(ql, new int[] {0}, 1);
    Npy.writeInt32(dl, new int[] {0, 1, 0, 2, 0}, 5);
    return new Path[] {q, db, ql, dl};
  }

  @Test
  void printsTableAndWritesJson() throws Exception {
    Path[] f = writeExample();
    Path out = dir.resolve("metrics.json");
    Result r = run(new EvalCommand(), "--query-codes", f[0].toString(), "--db-codes", f[1].toString(),
        "--query-labels", f[2].toString(), "--db-labels", f[3].toString(), "--topk", "all,2",
        "--precision-at", "1,3", "--hashnet", "--out", out.toString(), "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("mAP (tie-aware)") && r.out().contains("mAP (HashNet)"), r.out());
    assertTrue(r.out().contains("@all") && r.out().contains("0.5056") && r.out().contains("0.5333"), r.out());
    JsonNode json = new ObjectMapper().readTree(out.toFile()).get("retrieval");
    assertEquals(1.6 / 3, json.get("map").get("all").asDouble(), 1e-12);
    assertEquals(0.25, json.get("map_tie_aware").get("2").asDouble(), 1e-12);
    assertEquals(1.0 / 3, json.get("p_at_n").get("3").asDouble(), 1e-12);
    assertEquals(0.5, json.get("p_r2").asDouble(), 1e-12);
    assertEquals(5, json.get("pr_radius").get("precision").size());
    assertEquals(4, json.get("bits").asInt());
  }

  @Test
  void badInputGivesExitCode2AndNamesTheFile() {
    Path[] f = writeExample();
    Path bad = dir.resolve("bad_labels.npy");
    Npy.writeInt32(bad, new int[] {0, 1}, 2);
    Result r = run(new EvalCommand(), "--query-codes", f[0].toString(), "--db-codes", f[1].toString(),
        "--query-labels", f[2].toString(), "--db-labels", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(bad.toString()), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertEquals("", r.out());

    Path missing = dir.resolve("nope.npy");
    Result m = run(new EvalCommand(), "--query-codes", missing.toString(), "--db-codes", f[1].toString(),
        "--query-labels", f[2].toString(), "--db-labels", f[3].toString());
    assertEquals(2, m.code());
    assertTrue(m.err().contains(missing.toString()), m.err());
  }

  /**
   * The example's diagnostics by hand: database + - - -, - - - -, + + - -, - + - -, + + + -
   * (bit balance 3/5, 3/5, 1/5, 0); the query - - - - (class 0) lies at distances 1, 0, 2, 1, 3
   * from them, of classes 0, 1, 0, 2, 0: similar pairs at 1, 2, 3, dissimilar at 0 and 1. Five
   * distinct codes; the query's bucket holds one item of five.
   */
  @Test
  void diagnosticsArePrintedAndWritten() throws Exception {
    Path[] f = writeExample();
    Path out = dir.resolve("metrics.json");
    Result r = run(new EvalCommand(), "--query-codes", f[0].toString(), "--db-codes",
        f[1].toString(), "--query-labels", f[2].toString(), "--db-labels", f[3].toString(),
        "--diagnostics", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Code diagnostics") && r.out().contains("bit balance 0.000..0.600")
        && r.out().contains("5 distinct database codes (largest bucket 1 items)"), r.out());
    JsonNode d = new ObjectMapper().readTree(out.toFile()).get("diagnostics");
    assertEquals("[0.6,0.6,0.2,0.0]", d.get("bit_balance").toString());
    assertEquals("[0,1,1,1,0]", d.get("hamming_histogram").get("similar").toString());
    assertEquals("[1,1,0,0,0]", d.get("hamming_histogram").get("dissimilar").toString());
    assertEquals(0.2, d.get("buckets").get("query_bucket_share").asDouble(), 1e-15);
    assertEquals(5, d.get("buckets").get("distinct").asInt());

    Result plain = run(new EvalCommand(), "--query-codes", f[0].toString(), "--db-codes",
        f[1].toString(), "--query-labels", f[2].toString(), "--db-labels", f[3].toString(),
        "--out", out.toString());
    assertFalse(plain.out().contains("Code diagnostics"), plain.out());
    assertFalse(new ObjectMapper().readTree(out.toFile()).has("diagnostics"));
  }

  /** A run folder: the four files under their run names and a metrics.json recording mapAll. */
  private Path runFolder(double mapAll) throws Exception {
    Path[] f = writeExample();
    Path run = Files.createDirectories(dir.resolve("exp/run1"));
    String[] names = {"query_codes.npy", "db_codes.npy", "query_labels.npy", "db_labels.npy"};
    for (int i = 0; i < 4; i++) {
      Files.copy(f[i], run.resolve(names[i]));
    }
    MetricsFixtures.write(run.resolve("metrics.json"), String.format(java.util.Locale.ROOT, """
        {"experiment": "e", "run_id": "run1", "status": "finished", "error": null, "bits": 4,
         "retrieval": {"map_tie_aware": {"all": %s}}, "timing": {"total_s": 1.0}}
        """, mapAll));
    return run;
  }

  private static double exampleMapAll(Path run) {
    EvalInputs.Loaded in = EvalInputs.load(run.resolve("query_codes.npy"),
        run.resolve("db_codes.npy"), run.resolve("query_labels.npy"), run.resolve("db_labels.npy"));
    return RetrievalEvaluator.evaluate(in.query(), in.queryLabels(), in.db(), in.dbLabels(),
        EvalOptions.defaults()).mapAll();
  }

  @Test
  void runFolderDiagnosticsAreAddedToItsMetricsOnlyWhenTheCodesMatch() throws Exception {
    Path run = runFolder(0.5);
    Path metrics = run.resolve("metrics.json");
    String before = Files.readString(metrics);
    Result wrong = run(new EvalCommand(), "--run", run.toString(), "--write");
    assertEquals(2, wrong.code(), wrong.out());
    assertTrue(wrong.err().contains("not this run's codes; nothing written"), wrong.err());
    assertEquals(1, wrong.err().strip().lines().count(), wrong.err());
    assertEquals(before, Files.readString(metrics), "unchanged");

    MetricsFixtures.write(metrics, before.replace("0.5}", exampleMapAll(run) + "}"));
    Result ok = run(new EvalCommand(), "--run", run.toString(), "--write");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("Added diagnostics to " + metrics), ok.out());
    RunMetrics m = MetricsFile.read(metrics);
    assertEquals(List.of(0.6, 0.6, 0.2, 0.0), m.diagnostics().bitBalance());
    assertEquals(List.of(1L, 1L, 0L, 0L, 0L), m.diagnostics().hammingHistogram().dissimilar());
    assertEquals("run1", m.runId(), "the rest kept");
    assertEquals(1.0, m.timing().totalS());
    try (java.util.stream.Stream<Path> files = Files.list(run)) {
      assertEquals(5, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void runFolderWithoutCodesOrWriteWithoutRunIsOneLineExit2() throws Exception {
    Path run = runFolder(0.5);
    Files.delete(run.resolve("db_codes.npy"));
    Result r = run(new EvalCommand(), "--run", run.toString());
    assertEquals(2, r.code());
    assertEquals("dpfah eval: " + run + ": no db_codes.npy (the .npy files exist only where the"
        + " run was executed; committed results folders have none)", r.err().strip());
    Result w = run(new EvalCommand(), "--write");
    assertEquals(2, w.code());
    assertTrue(w.err().contains("--write needs --run RUN_DIR"), w.err());
    Result none = run(new EvalCommand());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("expected --run RUN_DIR, or all of"), none.err());
  }

  @Test
  void benchRunsOnATinyProblem() {
    StringWriter sink = new StringWriter();
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf));
    int code;
    try {
      code = new CommandLine(new BenchEvalCommand()).execute("--queries", "20", "--db", "500",
          "--bits", "8,70", "--repeat", "1");
    } finally {
      System.setOut(old);
    }
    sink.write(buf.toString());
    assertEquals(0, code);
    assertTrue(sink.toString().contains("70 "), sink.toString());
  }
}
