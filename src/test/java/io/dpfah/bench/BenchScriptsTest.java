package io.dpfah.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dpfah.cli.BenchTrainCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The driver and the PyTorch reference: they start, and both sides take the driver's options. */
class BenchScriptsTest {

  private static final Path BENCH = Path.of("bench");

  private record Run(int code, String out) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    return new Run(p.exitValue(), out);
  }

  /** The options the driver passes to both sides (bench/side-by-side.sh, function measure). */
  private static Set<String> driverOptions() throws IOException {
    String script = Files.readString(BENCH.resolve("side-by-side.sh"));
    int start = script.indexOf("local args=(");
    int end = script.indexOf(')', start);
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("--[a-z-]+").matcher(script.substring(start, end));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Test
  void bothSidesAcceptEveryOptionTheDriverPasses() throws Exception {
    Set<String> driver = driverOptions();
    assertTrue(driver.containsAll(List.of("--mode", "--size", "--attention", "--threads",
        "--steps", "--warmup", "--batch", "--encode-batch")), driver.toString());
    Set<String> java = new CommandLine(new BenchTrainCommand()).getCommandSpec().optionsMap()
        .keySet();
    assertTrue(java.containsAll(driver), "bench-train lacks some of " + driver);
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
    Run help = run(python.toString(), BENCH.resolve("torch_reference.py").toString(), "--help");
    assertEquals(0, help.code(), help.out());
    for (String option : driver) {
      assertTrue(help.out().contains(option + " "), "torch_reference.py --help lacks " + option
          + ":\n" + help.out());
    }
  }

  /**
   * The launcher's allocator settings: glibc's documented tunables (one arena, no mmapped blocks,
   * a fixed trim threshold and top pad), a caller's own value kept, none with DPFAH_MALLOC=default.
   */
  @Test
  void launcherFixesMallocThresholdsUnlessToldNot() throws Exception {
    String show = ". scripts/launcher.sh; dpfah_malloc_env; env | grep '^MALLOC_' | sort";
    Run tuned = run("env", "-u", "MALLOC_ARENA_MAX", "-u", "MALLOC_MMAP_MAX_",
        "-u", "MALLOC_TRIM_THRESHOLD_", "-u", "MALLOC_TOP_PAD_", "-u", "DPFAH_MALLOC", "sh", "-c",
        show);
    assertEquals("MALLOC_ARENA_MAX=1\nMALLOC_MMAP_MAX_=0\nMALLOC_TOP_PAD_=67108864\n"
        + "MALLOC_TRIM_THRESHOLD_=68719476736", tuned.out().strip());
    Run own = run("env", "MALLOC_TRIM_THRESHOLD_=1", "sh", "-c", show);
    assertTrue(own.out().contains("MALLOC_TRIM_THRESHOLD_=1\n"), own.out());
    Run none = run("env", "-u", "MALLOC_ARENA_MAX", "-u", "MALLOC_MMAP_MAX_",
        "-u", "MALLOC_TRIM_THRESHOLD_", "-u", "MALLOC_TOP_PAD_", "DPFAH_MALLOC=default", "sh",
        "-c", show);
    assertEquals("", none.out().strip());
  }

  @Test
  void driverHelpAndBadOptions() throws Exception {
    Path script = BENCH.resolve("side-by-side.sh");
    Run help = run("bash", script.toString(), "--help");
    assertEquals(0, help.code(), help.out());
    assertTrue(help.out().contains("--rounds N"), help.out());
    Run bad = run("bash", script.toString(), "--modes", "train,fit");
    assertEquals(2, bad.code(), bad.out());
    assertEquals("side-by-side.sh: --modes: expected train and/or encode, got 'fit'",
        bad.out().strip());
    bad = run("bash", script.toString(), "--malloc", "jemalloc");
    assertEquals(2, bad.code(), bad.out());
    assertEquals("side-by-side.sh: --malloc: expected tuned or inherit, got 'jemalloc'",
        bad.out().strip());
    bad = run("bash", script.toString(), "--rounds", "three");
    assertEquals(2, bad.code(), bad.out());
    assertEquals("side-by-side.sh: --rounds: expected a whole number, got 'three'",
        bad.out().strip());
  }

  /**
   * op-table.py's self times against a hand-made trace of 2 steps: conv 0–10 ms holding a copy
   * 2–5 ms on thread 1, a lone copy 0–5 ms on thread 2, so conv's self time is 7 ms and the
   * copies' 3 + 5 ms: 3.5 and 4.0 ms per step. Also a per-size value that lacks a plain N.
   */
  @Test
  void opTableSubtractsNestedOperations(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
    Path trace = dir.resolve("t.json");
    Files.writeString(trace, "[{\"name\": \"conv\", \"ph\": \"X\", \"ts\": 0, \"dur\": 10000,"
        + " \"tid\": 1}, {\"name\": \"copy\", \"ph\": \"X\", \"ts\": 2000, \"dur\": 3000,"
        + " \"tid\": 1}, {\"name\": \"copy\", \"ph\": \"X\", \"ts\": 0, \"dur\": 5000,"
        + " \"tid\": 2}]");
    Run table = run(python.toString(), BENCH.resolve("op-table.py").toString(), "--steps", "2",
        "a=" + trace);
    assertEquals(0, table.code(), table.out());
    List<String> lines = table.out().strip().lines().toList();
    assertEquals(List.of("| operation | a ms/step (calls/step) |", "|---|---|",
        "| copy | 4.0 (1) |", "| conv | 3.5 (0.5) |", "| **all operations** | 7.5 |"), lines);
    Run bad = run("bash", BENCH.resolve("side-by-side.sh").toString(), "--batch", "224:32");
    assertEquals(2, bad.code(), bad.out());
    assertTrue(bad.out().startsWith("side-by-side.sh: --batch: expected N or N,SIZE:N"),
        bad.out());
  }
}
