package io.dpfah.cli;

import io.dpfah.cluster.SlurmScript;
import io.dpfah.results.RunWriter;
import io.dpfah.spec.SweepPlan;
import io.dpfah.spec.SweepRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah slurm}: writes (and with {@code --submit} submits) the sbatch script that runs a
 * spec's sweep as one Slurm job array plus the report job, see {@link SlurmScript}.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true,
    description = {"Write an sbatch script that runs the spec's whole sweep as one Slurm job "
        + "array (task i runs shard i/M; finished runs are skipped, runs are claimed with file "
        + "locks) and, after it, one job that builds the report. 'bash SCRIPT' (or --submit) "
        + "submits both. Tasks whose runs are all finished are left out, so running this again "
        + "after a partial sweep submits what is left."})
public final class SlurmCommand implements Callable<Integer> {
  @Mixin SpecArgs args;

  @Mixin SweepLimit limit;

  @Spec CommandSpec command;

  @Option(names = "--results", paramLabel = "DIR",
      description = "Results root of the sweep (default: ${DEFAULT-VALUE}).")
  Path results = Path.of("results");

  @Option(names = "--out", paramLabel = "FILE",
      description = "The script to write (default: RESULTS/<experiment>/.slurm/sweep.sbatch);"
          + " '-' prints it.")
  String out;

  @Option(names = "--tasks", paramLabel = "M",
      description = "Array tasks sharing the sweep, shard i/M each (default: one run per task).")
  int tasks;

  @Option(names = "--array-parallel", paramLabel = "K",
      description = "At most K tasks at once (--array=...%%K; default: no limit).")
  int arrayParallel;

  @Option(names = "--partition", paramLabel = "P", description = "Slurm partition.")
  String partition;

  @Option(names = "--gpus", paramLabel = "N", description = "GPUs per task (--gres=gpu:N).")
  int gpus;

  @Option(names = "--cpus", paramLabel = "N", description = "CPUs per task (--cpus-per-task).")
  int cpus;

  @Option(names = "--time", paramLabel = "T",
      description = "Time limit per task (D-HH:MM:SS, HH:MM:SS, minutes, ...).")
  String time;

  @Option(names = "--report-time", paramLabel = "T",
      description = "Time limit of the report job (default: ${DEFAULT-VALUE}).")
  String reportTime = "01:00:00";

  @Option(names = "--sbatch", paramLabel = "--OPTION[=VALUE]",
      description = "A further #SBATCH line for the array, e.g. --sbatch=--account=proj "
          + "--sbatch=--mem=16G (repeatable).")
  List<String> extra = new ArrayList<>();

  @Option(names = "--launcher", paramLabel = "PATH",
      description = "The dpfah launcher the tasks run (default: this checkout's ./dpfah).")
  Path launcher;

  @Option(names = "--submit", description = "Submit the array and the report job (runs the "
      + "script with bash, which calls sbatch) and print their job ids.")
  boolean submit;

  private final Map<String, String> env;

  /** A command reading the process environment. */
  public SlurmCommand() {
    this(System.getenv());
  }

  SlurmCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = command.commandLine().getErr();
    SlurmScript.Options options = new SlurmScript.Options(partition, gpus, time, arrayParallel,
        tasks, cpus, reportTime, extra);
    List<SweepRun> runs = SweepPlan.expand(args.spec, args.overrides, limit.maxRuns);
    String name = runs.get(0).spec().name();
    Path root = results.toAbsolutePath().normalize();
    Set<String> finished = runs.stream().map(SweepRun::runId)
        .filter(id -> RunWriter.isFinished(root.resolve(name).resolve(id)))
        .collect(Collectors.toSet());
    List<String> sweepArgs = new ArrayList<>();
    sweepArgs.add(args.spec.toAbsolutePath().normalize().toString());
    for (String o : args.overrides) {
      sweepArgs.add("--set");
      sweepArgs.add(o);
    }
    if (limit.maxRuns != SweepPlan.DEFAULT_MAX_RUNS) {
      sweepArgs.add("--max-runs");
      sweepArgs.add(Long.toString(limit.maxRuns));
    }
    sweepArgs.add("--out");
    sweepArgs.add(root.toString());
    SlurmScript script = new SlurmScript(name, commandLine(), Path.of("").toAbsolutePath(),
        launcher(), sweepArgs, root, runs.stream().map(SweepRun::runId).toList(), finished,
        options);
    if (script.pendingTasks().isEmpty()) {
      System.out.println("all " + runs.size() + " runs of " + name + " are finished: nothing to"
          + " submit (dpfah report " + root.resolve(name) + " rebuilds the report)");
      return ExitCodes.OK;
    }
    String text = script.render();
    warn(err, runs, script);
    if ("-".equals(out)) {
      System.out.print(text);
      return ExitCodes.OK;
    }
    Path file = out == null ? script.logDir().resolve("sweep.sbatch") : Path.of(out);
    write(file, text);
    Files.createDirectories(script.logDir());
    System.out.printf("%s: %d runs (%d finished) in %d array tasks; tasks to submit: %s%n",
        file, runs.size(), finished.size(), script.taskCount(), script.pendingTasks().size());
    if (!submit) {
      System.out.println("submit with: bash " + SlurmScript.q(file.toString()));
      return ExitCodes.OK;
    }
    return submit(file, err);
  }

  private int submit(Path file, PrintWriter err) throws IOException, InterruptedException {
    if (!onPath("sbatch")) {
      err.println("dpfah slurm: --submit: sbatch is not on PATH (is this a Slurm login node?);"
          + " the script is written: " + file);
      return ExitCodes.INTERNAL;
    }
    System.out.flush();
    ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).inheritIO();
    pb.environment().put("PATH", env.getOrDefault("PATH", ""));
    Process p = pb.start();
    int code = p.waitFor();
    if (code != 0) {
      err.println("dpfah slurm: submitting failed: 'bash " + file + "' exited with " + code
          + " (sbatch's message above)");
      return ExitCodes.INTERNAL;
    }
    return ExitCodes.OK;
  }

  /** Settings that will run but probably not as meant. */
  private void warn(PrintWriter err, List<SweepRun> runs, SlurmScript script) {
    boolean anyGpu = runs.stream().anyMatch(r -> r.spec().device().startsWith("gpu"));
    boolean allCpu = runs.stream().allMatch(r -> r.spec().device().equals("cpu"));
    if (gpus > 0 && allCpu) {
      err.println("dpfah slurm: warning: --gpus " + gpus + " but every run has device: cpu;"
          + " the GPUs would sit idle");
    }
    if (gpus == 0 && anyGpu) {
      err.println("dpfah slurm: warning: runs with device: gpu but no --gpus; the tasks see a"
          + " GPU only if the partition gives one by default");
    }
    if (script.taskCount() > SlurmScript.DEFAULT_MAX_ARRAY_TASK) {
      err.println("dpfah slurm: warning: " + script.taskCount() + " array tasks; Slurm's"
          + " default MaxArraySize allows task ids up to " + SlurmScript.DEFAULT_MAX_ARRAY_TASK
          + " (pass --tasks M to share the runs among fewer tasks)");
    }
    err.flush();
  }

  private Path launcher() {
    if (launcher != null) {
      return launcher.toAbsolutePath().normalize();
    }
    String home = env.get("DPFAH_HOME");
    return home != null ? Path.of(home, "dpfah") : Path.of("dpfah");
  }

  private String commandLine() {
    List<String> words = command.commandLine().getParseResult().originalArgs();
    int first = words.indexOf("slurm") + 1;
    return "dpfah slurm " + String.join(" ", words.subList(first, words.size()).stream()
        .map(SlurmScript::q).toList());
  }

  private boolean onPath(String program) {
    String path = env.getOrDefault("PATH", "");
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: 'bash FILE' works without the executable bit
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the script " + file, e);
    }
  }
}
