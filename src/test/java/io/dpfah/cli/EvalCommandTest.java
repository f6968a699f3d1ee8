package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.eval.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
