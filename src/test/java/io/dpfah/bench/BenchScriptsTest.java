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

  /**
   * onednn-table.py against hand-made logs of 3 steps (1 warm-up), 2 primitives per step, in
   * oneDNN 3.x's format (v1) and 2.x's: only the last 2 steps count. 3.x: convolution 10 and 12
   * ms, reorder 1 and 3 ms in the timed steps, so 11 and 2 ms per step; 100 ms of convolution in
   * the warm-up step must not count. Wall 20 ms per step, so 7 ms outside oneDNN. A log whose
   * primitive lines do not divide into its steps is refused with one line.
   */
  @Test
  void onednnTableCountsTimedStepsOnly(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
    String conv3 = "onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx2,forward_training,"
        + "src:f32::blocked:aBcd8b::f0 dst:f32::blocked:aBcd8b::f0,attr-scratchpad:user,"
        + "alg:convolution_direct,mb2_ic8oc8_ih4oh4kh3sh1dh0ph1_iw4ow4kw3sw1dw0pw1,";
    String reorder3 = "onednn_verbose,v1,primitive,exec,cpu,reorder,jit:uni,undef,"
        + "src:f32::blocked:abcd::f0 dst:f32::blocked:aBcd8b::f0,attr-scratchpad:user,,2x8x4x4,";
    Path v3 = dir.resolve("v3.log");
    Files.writeString(v3, String.join("\n",
        "onednn_verbose,v1,primitive,info,template:operation,engine,primitive,implementation",
        conv3 + "100", reorder3 + "0.5", conv3 + "10", reorder3 + "1", conv3 + "12",
        reorder3 + "3",
        "bench impl=dpfah mode=train steps=2 warmup_steps=1 wall_s_per_step=0.020 x=1", ""));
    String conv2 = "onednn_verbose,exec,cpu,convolution,jit:avx2,forward_training,"
        + "src_f32::blocked:aBcd8b:f0 dst_f32::blocked:aBcd8b:f0,attr-scratchpad:user ,"
        + "alg:convolution_direct,mb2_ic8oc8_ih4oh4kh3sh1dh0ph1_iw4ow4kw3sw1dw0pw1,";
    String reorder2 = "onednn_verbose,exec,cpu,reorder,jit:uni,undef,"
        + "src_f32::blocked:abcd:f0 dst_f32::blocked:aBcd8b:f0,attr-scratchpad:user ,,2x8x4x4,";
    Path v2 = dir.resolve("v2.log");
    Files.writeString(v2, String.join("\n", conv2 + "50", reorder2 + "9", conv2 + "8",
        reorder2 + "2", conv2 + "6", reorder2 + "2",
        "bench impl=pytorch mode=train steps=2 warmup_steps=1 wall_s_per_step=0.0165", ""));
    Run table = run(python.toString(), BENCH.resolve("onednn-table.py").toString(),
        "pytorch=" + v2, "dpfah=" + v3);
    assertEquals(0, table.code(), table.out());
    assertEquals(List.of(
        "| primitive | pytorch ms/step (calls/step) | dpfah ms/step (calls/step) |",
        "|---|---|---|",
        "| convolution forward_training | 7.0 (1) | 11.0 (1) |",
        "| reorder | 2.0 (1) | 2.0 (1) |",
        "| **all primitives** | 9.0 | 13.0 |",
        "| step (wall) | 16.5 | 20.0 |",
        "| outside oneDNN | 7.5 | 7.0 |"), table.out().strip().lines().toList());
    Path odd = dir.resolve("odd.log");
    Files.writeString(odd, conv3 + "1\n" + conv3 + "1\n"
        + "bench steps=2 warmup_steps=1 wall_s_per_step=0.01\n");
    Run bad = run(python.toString(), BENCH.resolve("onednn-table.py").toString(), "a=" + odd);
    assertEquals(2, bad.code(), bad.out());
    assertEquals("onednn-table.py: " + odd + ": 2 primitive lines are not the same number for"
        + " each of the 3 steps (run with ONEDNN_VERBOSE=1 and nothing else in the log)",
        bad.out().strip());
  }
}
