package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dpfah.results.MetricsFile;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Exit statuses: 0 success, 1 internal or I/O failure, 2 input error, 3 failed runs; the help
 * of every command lists them.
 */
class ExitCodesTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(capture, true));
    try {
      int code = cli.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void everyCommandsHelpListsTheExitStatuses() {
    List<String[]> commands = List.of(new String[] {}, new String[] {"run"},
        new String[] {"sweep"}, new String[] {"report"}, new String[] {"eval"},
        new String[] {"params"}, new String[] {"validate"}, new String[] {"data"},
        new String[] {"data", "check"}, new String[] {"data", "bench"},
        new String[] {"bench-eval"}, new String[] {"bench-model"});
    for (String[] c : commands) {
      List<String> args = new ArrayList<>(List.of(c));
      args.add("--help");
      Result r = run(args.toArray(String[]::new));
      String name = String.join(" ", c);
      assertEquals(0, r.code(), name);
      String help = r.out();
      assertTrue(help.contains("Exit status:"), name + ": " + help);
      for (String line : List.of("   0   success", "   1   internal error", "   2   input error")) {
        assertTrue(help.contains(line), name + " lacks '" + line + "': " + help);
      }
      boolean trains = name.equals("run") || name.equals("sweep");
      assertEquals(trains, help.contains("   3   a run failed"), name + ": " + help);
    }
  }

  @Test
  void aBinarySpecIsOneLineNotAUtf8TextFile() throws Exception {
    Path png = Files.write(dir.resolve("picture.yaml"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, (byte) 0xff});
    for (String command : List.of("validate", "run", "sweep", "params")) {
      Result r = run(command, png.toString());
      assertEquals(2, r.code(), command + ": " + r.err());
      assertEquals("dpfah " + command + ": " + png + ": not a UTF-8 text file\n", r.err());
    }
    Path nul = Files.write(dir.resolve("zeros.yaml"), new byte[64]);
    Result r = run("validate", nul.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("dpfah validate: " + nul + ": not a UTF-8 text file\n", r.err());
  }

  @Test
  void aSweepOfMillionsOfRunsIsRefusedAtOnceWithItsCount() throws Exception {
    Path spec = dir.resolve("huge.yaml");
    Files.writeString(spec, "name: huge\ndata:\n  dataset: synthetic\nsweep:\n  axes:\n"
        + "    seed: " + range(10) + "\n    hash.bits: " + range(996, 5)
        + "\n    optim.epochs: " + range(999, 1) + "\n");
    for (String command : List.of("validate", "run", "sweep")) {
      Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(command, spec.toString()));
      assertEquals(2, r.code(), r.err());
      assertEquals("dpfah " + command + ": " + spec + ":4: sweep: 9,950,040 runs (10 × 996 × 999),"
          + " more than the limit of 10,000; raise it with --max-runs N (dpfah run, sweep,"
          + " validate) if that many runs are meant\n", r.err());
    }
  }

  @Test
  void maxRunsRaisesTheLimit() throws Exception {
    Path spec = dir.resolve("grid.yaml");
    Files.writeString(spec, "name: grid\ndata:\n  dataset: synthetic\nsweep:\n  axes:\n"
        + "    seed: [1, 2, 3]\n    hash.bits: [8, 16, 32, 64]\n  variants:\n    - {}\n"
        + "    - {model.attention: none}\n");
    Result refused = run("validate", spec.toString(), "--max-runs", "23");
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("24 runs (3 × 4 × 2 variants), more than the limit of 23"),
        refused.err());
    Result ok = run("validate", spec.toString(), "--max-runs", "24");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().endsWith("# valid: 24 runs\n"), ok.out());
    Result dry = run("sweep", spec.toString(), "--dry-run", "--max-runs", "24",
        "--out", dir.resolve("res").toString());
    assertEquals(0, dry.code(), dry.err());
    Result bad = run("validate", spec.toString(), "--max-runs", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--max-runs: expected a positive number of runs, got 0"),
        bad.err());
  }

  @Test
  void aFailingSweepRunExitsWith3AndBothRunsHaveTheirLog() throws Exception {
    Path spec = dir.resolve("mixed.yaml");
    Files.writeString(spec, """
        name: mixed
        data:
          dataset: synthetic
          image_size: 8
          normalization: none
          synthetic: {classes: 2, train_per_class: 4, query_per_class: 2, database_per_class: 4}
        model: {stem: cifar}
        optim: {batch_size: 4, epochs: 1, schedule: none}
        eval: {topk: [all], precision_at: [1]}
        sweep:
          variants:
            - {}
            - {model.pretrained: missing.pth}
        """);
    Path results = dir.resolve("results");
    Result r = run("sweep", spec.toString(), "--out", results.toString(), "--no-report");
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("sweep: 1 finished, 0 skipped (already finished), 1 failed"),
        r.out());
    Path ok = results.resolve("mixed/default");
    Path failed = results.resolve("mixed/pretrained=missing.pth");
    assertEquals("finished", MetricsFile.read(ok.resolve("metrics.json")).status());
    assertEquals("failed", MetricsFile.read(failed.resolve("metrics.json")).status());
    String timestamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";
    List<String> okLog = Files.readAllLines(ok.resolve("run.log"));
    assertTrue(okLog.stream().allMatch(l -> l.matches(timestamp + ".*")), okLog.toString());
    assertTrue(okLog.get(0).matches(timestamp + "run mixed/default → .*"), okLog.toString());
    assertTrue(okLog.stream().anyMatch(l -> l.matches(timestamp
        + "data synthetic/synthetic: 8 train, 4 query, 8 database, 2 classes")), okLog.toString());
    assertTrue(okLog.stream().anyMatch(l -> l.matches(timestamp + "epoch 1/1  batch 2/2 .*")),
        okLog.toString());
    assertTrue(okLog.stream().anyMatch(l -> l.matches(timestamp + "epoch 1 done: .*")), okLog.toString());
    assertTrue(okLog.get(okLog.size() - 1).matches(timestamp + "retrieval: .*"), okLog.toString());
    List<String> failedLog = Files.readAllLines(failed.resolve("run.log"));
    assertTrue(failedLog.get(failedLog.size() - 1).matches(
        timestamp + "run pretrained=missing.pth FAILED: .*missing.pth: weights file not found"),
        failedLog.toString());
  }

  @Test
  void anUnwritableResultsPathIsAnIoErrorNotAnInputError() throws Exception {
    Path file = Files.writeString(dir.resolve("results"), "a file where a folder should be");
    Result r = run("run", "experiments/synthetic-smoke.yaml", "--out", file.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("dpfah run: I/O error: cannot create a run folder under "
        + file.resolve("synthetic-smoke") + ": "), r.err());
    assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
  }

  @Test
  void aPermissionDeniedResultsFolderSaysSoWithStatus1() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // root ignores file permissions unless it runs without its DAC capabilities
      assumeTrue(new File("/usr/bin/setpriv").canExecute(), "needs setpriv when run as root");
      cmd.addAll(List.of("/usr/bin/setpriv", "--inh-caps=-dac_override,-dac_read_search",
          "--bounding-set=-dac_override,-dac_read_search"));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Runtime.version().feature() >= 21) {
      // as the launcher does: JDK 24+ warns on stderr when JNA (DJL's CUDA probe) loads natively
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "experiments/synthetic-smoke.yaml", "--out", readOnly.resolve("results").toString()));
    Process p = new ProcessBuilder(cmd).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child timed out");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), err);
    assertEquals("dpfah run: I/O error: cannot create a run folder under "
        + readOnly.resolve("results/synthetic-smoke") + ": permission denied: "
        + readOnly.resolve("results") + "\n", err);
    assertFalse(err.contains("input"), err);
  }

  private static String range(int n) {
    return range(n, 0);
  }

  private static String range(int n, int from) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append(from + i);
    }
    return sb.append(']').toString();
  }
}
