package io.dpfah.cluster;

import io.dpfah.spec.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.WordUtils;

/**
 * An sbatch script that runs a whole sweep as one Slurm job array, task {@code i} running shard
 * {@code i/M} of the run list, plus the report job that waits for the array
 * ({@code --dependency=afterany}) and builds the report once. Run with {@code bash}, the script
 * submits both jobs and prints their ids; Slurm runs it as the array's tasks.
 *
 * <p>Tasks whose runs are all finished are left out of {@code --array}, so writing the script
 * again after some tasks were killed or timed out submits only what is left; the shard numbers
 * stay those of the full array.
 *
 * @param experiment the experiment name (results go to {@code resultsRoot/experiment})
 * @param command the command line that wrote the script, for its header
 * @param workDir the folder the tasks start in (relative spec paths are resolved there)
 * @param launcher the {@code dpfah} launcher the tasks call
 * @param sweepArgs the arguments of {@code dpfah sweep} before {@code --shard}: spec, overrides
 *     and {@code --out}
 * @param resultsRoot the results root
 * @param runIds the sweep's run ids, in order
 * @param finished the ids of runs that are already finished
 * @param options the sbatch settings
 */
public record SlurmScript(String experiment, String command, Path workDir, Path launcher,
    List<String> sweepArgs, Path resultsRoot, List<String> runIds, Set<String> finished,
    Options options) {

  /** Slurm's default MaxArraySize is 1001: task ids up to 1000. */
  public static final int DEFAULT_MAX_ARRAY_TASK = 1000;

  private static final int LISTED_TASKS = 12;
  private static final int WIDTH = 96;
  private static final Pattern TIME = Pattern.compile(
      "\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}(:\\d{1,2}(:\\d{1,2})?)?"
          + "|(?i:infinite|unlimited)");
  private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.,-]+");
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

  /**
   * The sbatch settings.
   *
   * @param partition {@code --partition}, or null for the cluster's default
   * @param gpus GPUs per task ({@code --gres=gpu:N}), 0 for none
   * @param time the tasks' time limit ({@code --time}), or null for the partition's default
   * @param arrayParallel how many tasks may run at once ({@code --array=...%K}), 0 for no limit
   * @param tasks the number of array tasks, 0 for one run per task
   * @param cpus CPUs per task ({@code --cpus-per-task}), 0 for the cluster's default
   * @param reportTime the report job's time limit
   * @param extra further {@code #SBATCH} options, each {@code --name[=value]}
   */
  public record Options(String partition, int gpus, String time, int arrayParallel, int tasks,
      int cpus, String reportTime, List<String> extra) {

    /** Checks every setting; a bad one is a {@link ClusterException} naming the option. */
    public Options {
      if (partition != null && !PARTITION.matcher(partition).matches()) {
        throw new ClusterException("--partition '" + partition + "': expected a partition"
            + " name (letters, digits, '_', '.', '-'; several separated by commas)");
      }
      checkTime("--time", time);
      checkTime("--report-time", reportTime);
      if (gpus < 0 || arrayParallel < 0 || tasks < 0 || cpus < 0) {
        throw new ClusterException("--gpus, --array-parallel, --tasks and --cpus take numbers"
            + " >= 1 (got " + gpus + ", " + arrayParallel + ", " + tasks + ", " + cpus + ")");
      }
      extra = List.copyOf(extra);
      for (String e : extra) {
        if (!e.startsWith("--") || e.length() < 3 || e.chars().anyMatch(Character::isWhitespace)) {
          throw new ClusterException("--sbatch '" + e + "': expected one sbatch option such as"
              + " --account=proj or --mem=16G (no spaces)");
        }
      }
    }

    private static void checkTime(String option, String t) {
      if (t != null && !TIME.matcher(t).matches()) {
        throw new ClusterException(option + " '" + t + "': expected a Slurm time limit:"
            + " minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 04:00:00)");
      }
    }
  }

  /** Copies the lists. */
  public SlurmScript {
    sweepArgs = List.copyOf(sweepArgs);
    runIds = List.copyOf(runIds);
    finished = Set.copyOf(finished);
    if (runIds.isEmpty()) {
      throw new ClusterException("the sweep has no runs");
    }
  }

  /** The number of array tasks: {@code --tasks}, at most one per run. */
  public int taskCount() {
    return options.tasks() == 0 ? runIds.size() : Math.min(options.tasks(), runIds.size());
  }

  /** The tasks (1-based) that still have a run to do. */
  public List<Integer> pendingTasks() {
    List<Integer> out = new ArrayList<>();
    for (int t = 1; t <= taskCount(); t++) {
      if (!finished.containsAll(runsOf(t))) {
        out.add(t);
      }
    }
    return out;
  }

  /** The run ids of task {@code t}: shard {@code t/M} of the run list. */
  public List<String> runsOf(int task) {
    return new Shard(task, taskCount()).select(runIds);
  }

  /** The experiment's folder of Slurm logs ({@code .slurm}, hidden from the results reader). */
  public Path logDir() {
    return resultsRoot.resolve(experiment).resolve(".slurm");
  }

  /** The job name of the array ({@code dpfah-<experiment>}); the report job adds {@code -report}. */
  public String jobName() {
    return "dpfah-" + experiment;
  }

  /**
   * The script's text.
   *
   * @throws ClusterException when every run is finished already (there is nothing to submit)
   */
  public String render() {
    List<Integer> pending = pendingTasks();
    if (pending.isEmpty()) {
      throw new ClusterException("all " + runIds.size() + " runs of " + experiment
          + " are finished: nothing to submit (dpfah report "
          + resultsRoot.resolve(experiment) + " rebuilds the report)");
    }
    int m = taskCount();
    String exp = resultsRoot.resolve(experiment).toString();
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/bash\n");
    comment(s, "dpfah sweep '" + experiment + "' as one Slurm job array: "
        + count(runIds.size(), "run") + " in " + count(m, "task") + ", then one job that"
        + " builds the report. Written by: " + command);
    s.append("#\n");
    s.append("#   bash <this file>     submits the array, then the report job, which starts\n");
    s.append("#                        when the array has ended (--dependency=afterany), and\n");
    s.append("#                        prints both job ids (as dpfah slurm --submit does)\n");
    s.append("#   sbatch <this file>   submits the array alone\n");
    s.append("#\n");
    comment(s, "Task i runs shard i/" + m + " of the sweep's run list (runs i, i+" + m
        + ", ...) and skips finished runs. Each run is claimed with a file lock in " + exp
        + "/.locks: no run is executed twice, and a run whose task died is resumed from its last"
        + " checkpoint by the next task that reaches it. After tasks were killed, cancelled or timed out, submit again"
        + " (or write this script again: tasks whose runs are all finished are left out); the"
        + " sweep then finishes and the report is rebuilt. Tasks never build the report; the"
        + " report job does. Logs: " + logDir() + "/");
    comment(s, "The tasks inherit the submitting shell's environment (sbatch --export=ALL):"
        + " PATH, JAVA_HOME, DPFAH_JAVA_OPTS (JVM heap), CUDA settings.");
    s.append("#\n");
    for (int t = 1; t <= m && t <= LISTED_TASKS; t++) {
      List<String> runs = runsOf(t);
      String state = !pending.contains(t) ? "  (finished: left out of --array)" : "";
      s.append("#   task ").append(t).append(": ").append(String.join("  ", runs)).append(state)
          .append('\n');
    }
    if (m > LISTED_TASKS) {
      s.append("#   ... and ").append(m - LISTED_TASKS).append(" more tasks\n");
    }
    s.append("#\n");
    s.append("#SBATCH --job-name=").append(jobName()).append('\n');
    s.append("#SBATCH --array=").append(ranges(pending))
        .append(options.arrayParallel() > 0 ? "%" + options.arrayParallel() : "").append('\n');
    s.append("#SBATCH --output=").append(logDir()).append("/%x-%A_%a.out\n");
    if (options.partition() != null) {
      s.append("#SBATCH --partition=").append(options.partition()).append('\n');
    }
    if (options.gpus() > 0) {
      s.append("#SBATCH --gres=gpu:").append(options.gpus()).append('\n');
    }
    if (options.time() != null) {
      s.append("#SBATCH --time=").append(options.time()).append('\n');
    }
    if (options.cpus() > 0) {
      s.append("#SBATCH --cpus-per-task=").append(options.cpus()).append('\n');
    }
    for (String e : options.extra()) {
      s.append("#SBATCH ").append(e).append('\n');
    }
    s.append('\n');
    s.append("set -euo pipefail\n");
    s.append("# Use the build as it is: tasks starting together must not rebuild the project.\n");
    s.append("export DPFAH_NO_BUILD=1\n");
    s.append("self=$(readlink -f \"${BASH_SOURCE[0]}\")\n");
    s.append("cd ").append(q(workDir.toString())).append('\n');
    s.append('\n');
    s.append("if [ -z \"${SLURM_JOB_ID:-}\" ]; then\n");
    s.append("  mkdir -p ").append(q(logDir().toString())).append('\n');
    s.append("  array=$(sbatch --parsable \"$self\")\n");
    s.append("  array=${array%%;*}\n");
    s.append("  report=$(sbatch --parsable --dependency=afterany:\"$array\" \\\n");
    s.append("    --job-name=").append(jobName()).append("-report --time=")
        .append(options.reportTime());
    if (options.partition() != null) {
      s.append(" --partition=").append(options.partition());
    }
    s.append(" \\\n");
    s.append("    --output=").append(q(logDir() + "/%x-%j.out")).append(" \\\n");
    s.append("    --wrap=").append(q("DPFAH_NO_BUILD=1 exec " + q(launcher.toString())
        + " report " + q(exp))).append(")\n");
    s.append("  report=${report%%;*}\n");
    s.append("  echo \"array job $array (tasks ").append(ranges(pending))
        .append(" of ").append(m).append("), report job $report (after the array)\"\n");
    s.append("  exit 0\n");
    s.append("fi\n");
    s.append('\n');
    s.append("exec ").append(q(launcher.toString())).append(" sweep \\\n  ")
        .append(sweepArgs.stream().map(SlurmScript::q).collect(Collectors.joining(" ")))
        .append(" \\\n  --shard \"${SLURM_ARRAY_TASK_ID}/").append(m).append("\"\n");
    return s.toString();
  }

  /** {@code 1-3,5,7-8}: Slurm's --array form of sorted task ids. */
  static String ranges(List<Integer> ids) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < ids.size(); ) {
      int j = i;
      while (j + 1 < ids.size() && ids.get(j + 1) == ids.get(j) + 1) {
        j++;
      }
      s.append(s.length() == 0 ? "" : ",").append(ids.get(i));
      if (j > i) {
        s.append('-').append(ids.get(j));
      }
      i = j + 1;
    }
    return s.toString();
  }

  /** A word for the shell: as it is when safe, else single-quoted. */
  public static String q(String word) {
    return SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** Appends a paragraph as {@code #} comment lines of at most {@value #WIDTH} characters. */
  private static void comment(StringBuilder s, String paragraph) {
    for (String line : WordUtils.wrap(paragraph, WIDTH - 2, "\n", false).split("\n")) {
      s.append("# ").append(line).append('\n');
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
