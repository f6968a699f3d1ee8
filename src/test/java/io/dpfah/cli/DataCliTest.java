package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.experiment.CifarFixture;
import io.dpfah.results.MetricsFile;
import io.dpfah.results.RunMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dpfah data check} and {@code dpfah run} on present, missing and corrupt CIFAR-10 data. */
class DataCliTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final StringWriter stderr = new StringWriter();
  private PrintStream savedOut;

  @BeforeEach
  void captureStdout() {
    savedOut = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(savedOut);
  }

  private int dpfah(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(stderr, true));
    return cl.execute(args);
  }

  private String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private Path spec(Path dataRoot) throws Exception {
    Path spec = tmp.resolve("cifar.yaml");
    Files.writeString(spec, """
        name: cifar-cli
        data:
          dataset: cifar10
          root: %s
          image_size: 16
          query_per_class: 2
          train_per_class: 5
        model: {stem: cifar}
        optim: {batch_size: 16, epochs: 1}
        eval: {topk: [all], precision_at: [1]}
        """.formatted(dataRoot));
    return spec;
  }

  @Test
  void checkPresentPrintsSplitSizesAndPerClassCounts() throws Exception {
    CifarFixture.write(tmp.resolve("cifar"), 20, 1);   // 120 images, 12 per class
    int code = dpfah("data", "check", spec(tmp.resolve("cifar")).toString());
    assertEquals(0, code, out() + stderr);
    String o = out();
    assertTrue(o.contains("data set cifar10, protocol cifar10: OK"), o);
    assertTrue(o.contains("pool 120 images, 10 classes, default top-K all"), o);
    // 2 + 5 per class drawn; database = 120 - 20 - 50
    assertTrue(o.matches("(?s).*train\\s+50\\s+per class \\[5, 5, 5, 5, 5, 5, 5, 5, 5, 5\\].*"), o);
    assertTrue(o.matches("(?s).*query\\s+20\\s+per class \\[2, 2, 2, 2, 2, 2, 2, 2, 2, 2\\].*"), o);
    assertTrue(o.matches("(?s).*database\\s+50\\s+per class \\[5, 5, 5, 5, 5, 5, 5, 5, 5, 5\\].*"),
        o);
  }

  @Test
  void checkMissingListsFilesAndHowToGetThem() throws Exception {
    int code = dpfah("data", "check", spec(tmp.resolve("nowhere")).toString());
    assertEquals(2, code, "missing data is an input error");
    String o = out();
    assertTrue(o.contains("data set cifar10, protocol cifar10: NOT USABLE"), o);
    for (String f : CifarFixture.FILES) {
      assertTrue(o.contains("missing: " + tmp.resolve("nowhere/cifar-10-batches-bin/" + f)), o);
    }
    assertTrue(o.contains("to get it: download the CIFAR-10 binary version"), o);
  }

  @Test
  void runOnTruncatedBatchNamesTheFileAndTrainsNothing() throws Exception {
    Path dir = CifarFixture.write(tmp.resolve("cifar"), 20, 1);
    Path bad = dir.resolve("data_batch_3.bin");
    byte[] bytes = Files.readAllBytes(bad);
    Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    Path results = tmp.resolve("results");

    int code = dpfah("run", spec(tmp.resolve("cifar")).toString(), "--out", results.toString());

    assertEquals(3, code, "the run failed and is recorded");
    String err = stderr.toString();
    assertTrue(err.startsWith("dpfah run: " + bad + ": "), err);
    assertTrue(err.contains("truncated"), err);
    List<Path> runs;
    try (Stream<Path> s = Files.list(results.resolve("cifar-cli"))) {
      runs = s.toList();
    }
    assertEquals(1, runs.size(), runs.toString());
    Path run = runs.get(0);
    RunMetrics metrics = MetricsFile.read(run.resolve("metrics.json"));
    assertEquals("failed", metrics.status());
    assertFalse(Files.exists(run.resolve("history.csv")), "no epoch was trained");
    assertFalse(Files.exists(run.resolve("model")), "no model was saved");
    assertNull(metrics.timing().trainS(), "no training time");
    assertNull(metrics.retrieval());
  }
}
