package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunRecord;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.train.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same spec, seed and thread count twice: history.csv must be byte-identical (it holds only
 * seed-determined columns; wall time, throughput and RSS go to timing.csv) and metrics.json must
 * agree in every figure except its timing section; the saved codes must be identical too.
 */
class DeterminismTest {
  @TempDir Path tmp;

  private static final List<String> SHORT =
      List.of("optim.epochs=3", "threads=2", "data.synthetic.train_per_class=24");

  private RunOutcome run(String folder) {
    ExperimentSpec spec = SpecLoader.load(Path.of("experiments/synthetic-smoke.yaml"), SHORT);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    RunOutcome o = new RunExecutor(tmp.resolve(folder), false,
        epochs -> new Progress(quiet, false, epochs)).run(spec, "run", Map.of());
    assertTrue(o.finished(), () -> "run failed: " + o.error());
    return o;
  }

  private static JsonNode figures(Path run) throws IOException {
    ObjectNode m = (ObjectNode) new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    assertTrue(m.has("timing"), "metrics.json has a timing section");
    m.remove("timing");
    return m;
  }

  @Test
  void sameSeedAndThreadsGiveIdenticalHistoryAndMetrics() throws IOException {
    Path a = run("a").runDir();
    Path b = run("b").runDir();

    String history = Files.readString(a.resolve("history.csv"));
    assertEquals(history, Files.readString(b.resolve("history.csv")), "history.csv");
    List<String> lines = history.lines().toList();
    assertEquals("epoch,loss,pairwise,classification,quantization,lr,map_all", lines.get(0));
    assertEquals(4, lines.size(), "header + 3 epochs");
    assertEquals(figures(a), figures(b), "metrics.json without timing");
    for (String codes : List.of("query_codes.npy", "db_codes.npy")) {
      assertArrayEquals(Files.readAllBytes(a.resolve(codes)), Files.readAllBytes(b.resolve(codes)),
          codes);
    }

    List<String> timing = Files.readAllLines(a.resolve("timing.csv"));
    assertEquals("epoch,seconds,images_per_s,rss_mb", timing.get(0));
    assertEquals(4, timing.size(), "header + 3 epochs");
    RunRecord r = ResultsReader.readRun(a);
    assertEquals(3, r.history().size());
    for (RunRecord.HistoryRow row : r.history()) {
      assertTrue(row.seconds() > 0 && row.imagesPerS() > 0 && row.rssMb() > 0,
          "timing.csv figures are read back: " + row);
      assertTrue(Double.isFinite(row.loss()) && row.lr() > 0);
    }
    assertTrue(r.history().get(2).loss() != r.history().get(0).loss(), "the history moves");
  }
}
