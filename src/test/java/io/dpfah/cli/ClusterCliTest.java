package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.Engine;
import io.dpfah.results.MetricsFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** dpfah sweep inside job arrays, dpfah slurm, and device checks before any run starts. */
class ClusterCliTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  /** Runs a command object the way Main does (its error handler), capturing both streams. */
  private static Result run(Callable<Integer> command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setExecutionExceptionHandler(Main.commandLine().getExecutionExceptionHandler());
    return run(cli, args);
  }

  /** Runs {@code dpfah ARGS} exactly as the launcher does. */
  private static Result dpfah(String... args) {
    return run(Main.commandLine(), args);
  }

  private static Result run(CommandLine cli, String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    try {
      int code = cli.execute(args);
      return new Result(code, out.toString(), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  private Path spec() throws Exception {
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, """
        name: ablation-attention
        device: cpu
        data: {dataset: synthetic}
        sweep:
          axes:
            model.attention: [none, pfa, se]
            hash.bits: [16]
            seed: [1, 2]
        """);
    return spec;
  }

  private static final Map<String, String> TASK_2_OF_3 = Map.of("SLURM_ARRAY_TASK_ID", "2",
      "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "3", "SLURM_ARRAY_TASK_COUNT", "3");

  @Test
  void aSlurmArrayTaskRunsItsShard() throws Exception {
    Result r = run(new SweepCommand(TASK_2_OF_3), spec().toString(), "--out",
        dir.resolve("res").toString(), "--dry-run");
    assertEquals(0, r.code(), r.err());
    // runs: none,1 none,2 pfa,1 pfa,2 se,1 se,2 → shard 2/3 = runs 2 and 5
    assertEquals("shard 2/3 (SLURM_ARRAY_TASK_ID=2 of 1-3): 2 of the sweep's 6 runs\n"
        + "[to run]   attention=none,bits=16,seed=2\n"
        + "[to run]   attention=se,bits=16,seed=1\n"
        + "2 runs in shard 2/3\n", r.out());
    Result whole = run(new SweepCommand(TASK_2_OF_3), spec().toString(), "--out",
        dir.resolve("res").toString(), "--dry-run", "--shard", "1/1");
    assertTrue(whole.out().endsWith("6 runs in shard 1/1\n"), "--shard wins: " + whole.out());
  }

  @Test
  void aShardNeverBuildsTheReportAndTheWholeSweepDoes() throws Exception {
    Path exp = dir.resolve("res/ablation-attention");
    for (String a : new String[] {"none", "pfa", "se"}) {
      for (int seed = 1; seed <= 2; seed++) {
        MetricsFixtures.finishedRun(exp, a, 16, seed, 0.5, 0.5, 1, 0, 1);
      }
    }
    Result shard = run(new SweepCommand(TASK_2_OF_3), spec().toString(), "--out",
        dir.resolve("res").toString());
    assertEquals(0, shard.code(), shard.err());
    assertTrue(shard.out().contains("report: not built by a shard (the other shards may still"
        + " be running); once all have ended: dpfah report " + exp), shard.out());
    assertFalse(Files.exists(exp.resolve("report")), "the shard wrote no report");

    Result k8s = run(new SweepCommand(Map.of("JOB_COMPLETION_INDEX", "0",
        "DPFAH_SHARD_COUNT", "2")), spec().toString(), "--out", dir.resolve("res").toString());
    assertTrue(k8s.out().startsWith("shard 1/2 (JOB_COMPLETION_INDEX=0 of DPFAH_SHARD_COUNT=2):"
        + " 3 of the sweep's 6 runs"), k8s.out());
    assertFalse(Files.exists(exp.resolve("report")));

    Result all = run(new SweepCommand(Map.of()), spec().toString(), "--out",
        dir.resolve("res").toString());
    assertEquals(0, all.code(), all.err());
    assertTrue(Files.isRegularFile(exp.resolve("report/index.html")), all.out());
  }

  @Test
  void aBadArrayEnvironmentIsOneInputError() throws Exception {
    Result r = run(new SweepCommand(Map.of("JOB_COMPLETION_INDEX", "1")), spec().toString(),
        "--out", dir.resolve("res").toString(), "--dry-run");
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("DPFAH_SHARD_COUNT is not set"), r.err());
  }

  @Test
  void slurmWritesTheScriptAndSubmitsItThroughSbatch() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path sbatch = bin.resolve("sbatch");
    Files.writeString(sbatch, "#!/bin/bash\necho \"$@\" >> " + dir.resolve("sbatch.log")
        + "\necho $((RANDOM % 100 + 1))\n");
    Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path res = dir.resolve("res");
    MetricsFixtures.finishedRun(res.resolve("ablation-attention"), "none", 16, 1, 0.5, 0.5, 1,
        0, 1);
    Path file = dir.resolve("job.sbatch");
    Result r = run(new SlurmCommand(Map.of("PATH", bin + ":/usr/bin:/bin")), spec().toString(),
        "--results", res.toString(), "--tasks", "3", "--gpus", "1", "--partition", "gpu",
        "--out", file.toString(), "--launcher", "/opt/dpfah/dpfah", "--submit");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith(file + ": 6 runs (1 finished) in 3 array tasks; tasks to"
        + " submit: 3"), r.out());
    assertTrue(r.err().contains("warning: --gpus 1 but every run has device: cpu"), r.err());
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.contains("#SBATCH --array=1-3\n#SBATCH --output=" + res
        + "/ablation-attention/.slurm/%x-%A_%a.out\n#SBATCH --partition=gpu\n"
        + "#SBATCH --gres=gpu:1\n"), text);
    assertTrue(text.contains("exec /opt/dpfah/dpfah sweep \\\n  " + spec() + " --out " + res
        + " \\\n  --shard \"${SLURM_ARRAY_TASK_ID}/3\""), text);
    assertTrue(text.replace("\n# ", " ").contains("Written by: dpfah slurm " + spec()
        + " --results " + res + " --tasks 3"), text);
    String[] calls = Files.readString(dir.resolve("sbatch.log")).split("\n");
    assertEquals(2, calls.length, "the array, then the report job");
    assertEquals("--parsable " + file, calls[0]);
    assertTrue(calls[1].startsWith("--parsable --dependency=afterany:"), calls[1]);

    Result noSbatch = run(new SlurmCommand(Map.of("PATH", "/nonexistent")), spec().toString(),
        "--results", res.toString(), "--out", file.toString(), "--submit");
    assertEquals(1, noSbatch.code());
    assertEquals("dpfah slurm: --submit: sbatch is not on PATH (is this a Slurm login node?);"
        + " the script is written: " + file + "\n", noSbatch.err());

    Result badTime = run(new SlurmCommand(Map.of()), spec().toString(), "--time", "4h",
        "--out", "-");
    assertEquals(2, badTime.code());
    assertTrue(badTime.err().contains("--time '4h': expected a Slurm time limit"), badTime.err());
  }

  @Test
  void aGpuDeviceWithoutCudaLibtorchIsOneLineAndExit2() throws Exception {
    assumeFalse(Engine.getEngine("PyTorch").hasCapability("CUDA"), "a CUDA libtorch is loaded");
    Path spec = dir.resolve("g.yaml");
    Files.writeString(spec, "name: g\ndata: {dataset: synthetic}\n");
    Path out = dir.resolve("res");
    Result r = dpfah("run", spec.toString(), "--out", out.toString(), "--set", "device=gpu:0");
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("dpfah run: " + spec + ": device: 'gpu:0' requested, but the"
        + " loaded libtorch is a CPU build (libtorch 2.7.1 from "), r.err());
    assertTrue(r.err().contains("install the CUDA one: on a machine with an NVIDIA driver run"
        + " with DPFAH_PROFILE=gpu"), r.err());
    assertFalse(Files.exists(out), "no run was started");

    Result sweep = run(new SweepCommand(Map.of()), spec.toString(), "--out", out.toString(),
        "--set", "device=gpu");
    assertEquals(2, sweep.code(), sweep.err());
    assertFalse(Files.exists(out), "no run was started");

    Result bad = dpfah("run", spec.toString(), "--out", out.toString(), "--set",
        "device=gpu:first");
    assertEquals(2, bad.code());
    assertEquals("dpfah run: --set device: device: 'gpu:first' is not one of auto, cpu, gpu, gpu:N"
        + " (N = 0, 1, ...: the GPU's index among those CUDA_VISIBLE_DEVICES shows)\n",
        bad.err());
  }
}
