package io.dpfah.cluster;

import io.dpfah.spec.Shard;
import java.util.Map;

/**
 * The shard of a sweep that one task of a job array runs, read from the environment the
 * scheduler gives it.
 *
 * <ul>
 *   <li>Slurm job array: {@code SLURM_ARRAY_TASK_ID}, numbered from the array's first id
 *       ({@code SLURM_ARRAY_TASK_MIN}) in steps of {@code SLURM_ARRAY_TASK_STEP}: task
 *       {@code MIN + k·STEP} runs shard {@code k+1} of {@code SLURM_ARRAY_TASK_COUNT}, so
 *       {@code --array=0-3}, {@code 1-4} and {@code 10-40:10} all mean shards 1/4 … 4/4. An
 *       array whose ids are not one such range ({@code --array=1,2,7}) is refused.
 *   <li>Kubernetes Indexed Job: {@code JOB_COMPLETION_INDEX} (0-based) runs shard
 *       {@code index+1} of {@value #SHARD_COUNT_ENV}, which the manifest sets to the Job's
 *       {@code completions} (Kubernetes does not pass that count to the pod).
 * </ul>
 *
 * @param shard the shard to run
 * @param origin where it came from, for the log ({@code SLURM_ARRAY_TASK_ID=2 of 1-3})
 */
public record ArrayTask(Shard shard, String origin) {

  /** The number of shards of a Kubernetes Indexed Job: set it to the Job's completions. */
  public static final String SHARD_COUNT_ENV = "DPFAH_SHARD_COUNT";

  /**
   * The shard of this process, or {@code null} outside a job array.
   *
   * @throws ClusterException when the variables are there but name no shard
   */
  public static ArrayTask fromEnvironment(Map<String, String> env) {
    if (env.get("SLURM_ARRAY_TASK_ID") != null) {
      return slurm(env);
    }
    if (env.get("JOB_COMPLETION_INDEX") != null) {
      return kubernetes(env);
    }
    return null;
  }

  private static ArrayTask slurm(Map<String, String> env) {
    long id = number(env, "SLURM_ARRAY_TASK_ID");
    long min = number(env, "SLURM_ARRAY_TASK_MIN");
    long max = number(env, "SLURM_ARRAY_TASK_MAX");
    long count = number(env, "SLURM_ARRAY_TASK_COUNT");
    long step = env.get("SLURM_ARRAY_TASK_STEP") == null ? 1
        : Math.max(1, number(env, "SLURM_ARRAY_TASK_STEP"));
    String range = min + "-" + max + (step == 1 ? "" : ":" + step);
    if (count < 1 || max < min || (max - min) % step != 0 || (max - min) / step + 1 != count) {
      throw new ClusterException("SLURM_ARRAY_TASK_ID=" + id + ": the array's " + count
          + " task ids are not the one range " + range + " (an --array list such as 1,2,7, or"
          + " a resubmission of some of its tasks), so dpfah cannot number the shards from"
          + " them; pass --shard i/n (the script 'dpfah slurm' writes does)");
    }
    if (id < min || id > max || (id - min) % step != 0) {
      throw new ClusterException("SLURM_ARRAY_TASK_ID=" + id + " is not a task id of the array "
          + range + " (SLURM_ARRAY_TASK_MIN/MAX/STEP); pass --shard i/n");
    }
    int index = Math.toIntExact((id - min) / step + 1);
    return new ArrayTask(new Shard(index, Math.toIntExact(count)),
        "SLURM_ARRAY_TASK_ID=" + id + " of " + range);
  }

  private static ArrayTask kubernetes(Map<String, String> env) {
    long index = number(env, "JOB_COMPLETION_INDEX");
    if (env.get(SHARD_COUNT_ENV) == null) {
      throw new ClusterException("JOB_COMPLETION_INDEX=" + index + " (a Kubernetes Indexed Job)"
          + " but " + SHARD_COUNT_ENV + " is not set: set it in the pod's env to the Job's"
          + " completions (docs/kubernetes/sweep-job.yaml), or pass --shard i/n");
    }
    long count = number(env, SHARD_COUNT_ENV);
    if (index < 0 || count < 1 || index >= count) {
      throw new ClusterException("JOB_COMPLETION_INDEX=" + index + " is not below "
          + SHARD_COUNT_ENV + "=" + count + ": set " + SHARD_COUNT_ENV
          + " to the Job's completions");
    }
    return new ArrayTask(new Shard(Math.toIntExact(index + 1), Math.toIntExact(count)),
        "JOB_COMPLETION_INDEX=" + index + " of " + SHARD_COUNT_ENV + "=" + count);
  }

  private static long number(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null) {
      throw new ClusterException(name + " is not set although this is a job array task"
          + " (Slurm older than 14.10?); pass --shard i/n");
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ClusterException(name + "='" + v + "': expected a whole number");
    }
  }
}
