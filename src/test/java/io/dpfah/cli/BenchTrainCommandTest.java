package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.bench.BenchLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchTrainCommandTest {

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  private static final String[] TINY = {"--size", "32", "--bits", "8", "--classes", "2",
      "--train-images", "6", "--batch", "3", "--encode-batch", "4", "--warmup", "1",
      "--steps", "2", "--threads", "1", "--device", "cpu"};

  private static String[] with(String... more) {
    String[] all = java.util.Arrays.copyOf(new String[] {"bench-train"}, 1 + TINY.length
        + more.length);
    System.arraycopy(TINY, 0, all, 1, TINY.length);
    System.arraycopy(more, 0, all, 1 + TINY.length, more.length);
    return all;
  }

  private static BenchLine single(Outcome o) {
    assertEquals(0, o.code(), o.err());
    String[] lines = o.out().strip().split("\n");
    assertEquals(1, lines.length, o.out());
    return BenchLine.parse(lines[0], "stdout");
  }

  private static void consistent(BenchLine l, int batch) {
    // images/s and seconds per step are two views of the same timing
    assertEquals(batch, l.number("images_per_s") * l.number("wall_s_per_step"), batch * 0.01,
        l.format());
    assertTrue(l.number("step_ms_max") >= l.number("step_ms_median"), l.format());
    assertTrue(l.number("step_ms_median") > 0, l.format());
  }

  @Test
  void trainingStepPrintsOneMeasurement() {
    BenchLine l = single(run(with("--attention", "pfa", "--set", "method=dpsh")));
    assertEquals("dpfah", l.get("impl"));
    assertEquals("train", l.get("mode"));
    assertEquals("resnet18", l.get("backbone"));
    assertEquals("pfa", l.get("attention"));
    assertEquals("dpsh", l.get("method"), "the override reaches the trainer's spec");
    assertEquals(3, l.number("batch"));
    assertEquals(1, l.number("threads"));
    assertEquals(2, l.number("steps"));
    consistent(l, 3);
  }

  @Test
  void encodingUsesTheEncodingBatch() {
    BenchLine l = single(run(with("--mode", "encode")));
    assertEquals("encode", l.get("mode"));
    assertEquals("dpfah", l.get("method"));
    assertEquals(4, l.number("batch"));
    consistent(l, 4);
  }

  @Test
  void tooFewTrainingImagesIsAnInputError() {
    Outcome o = run("bench-train", "--train-images", "2", "--batch", "3");
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("--train-images: expected at least the batch size (3), got 2"),
        o.err());
  }

  @Test
  void tableFromLogs(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("lines.txt");
    String base = "bench impl=%s mode=train backbone=resnet18 size=32 attention=none batch=64"
        + " threads=2 steps=30 images_per_s=%s user_s_per_step=0.2 sys_s_per_step=0.01\n";
    Files.writeString(log, "noise\n" + base.formatted("pytorch", "600") + base.formatted("dpfah",
        "450"));
    Outcome o = run("bench-table", log.toString(), "--csv", dir.resolve("csv").toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("| 0.75 "), o.out());
    String summary = Files.readString(dir.resolve("csv/summary.csv"));
    assertTrue(summary.startsWith("mode,backbone,size,attention,batch,threads,ratio,"), summary);
    assertTrue(summary.contains("train,resnet18,32,none,64,2,0.75,1,600"), summary);
    assertEquals(3, Files.readAllLines(dir.resolve("csv/measurements.csv")).size());

    Files.writeString(log, base.formatted("pytorch", "fast"));
    o = run("bench-table", log.toString());
    assertEquals(2, o.code());
    assertEquals("dpfah bench-table: " + log + ":1: field 'images_per_s': expected a number,"
        + " got 'fast'", o.err().strip());
  }
}
