package io.dpfah.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.Shard;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrayTaskTest {

  private static Map<String, String> slurm(int id, int min, int max, int count, Integer step) {
    return step == null
        ? Map.of("SLURM_ARRAY_TASK_ID", "" + id, "SLURM_ARRAY_TASK_MIN", "" + min,
            "SLURM_ARRAY_TASK_MAX", "" + max, "SLURM_ARRAY_TASK_COUNT", "" + count)
        : Map.of("SLURM_ARRAY_TASK_ID", "" + id, "SLURM_ARRAY_TASK_MIN", "" + min,
            "SLURM_ARRAY_TASK_MAX", "" + max, "SLURM_ARRAY_TASK_COUNT", "" + count,
            "SLURM_ARRAY_TASK_STEP", "" + step);
  }

  @Test
  void slurmTasksAreNumberedFromTheArraysFirstIdInItsSteps() {
    assertEquals(new Shard(2, 3), ArrayTask.fromEnvironment(slurm(2, 1, 3, 3, 1)).shard());
    // --array=0-3: task 0 is shard 1/4, task 3 shard 4/4
    assertEquals(new Shard(1, 4), ArrayTask.fromEnvironment(slurm(0, 0, 3, 4, null)).shard());
    assertEquals(new Shard(4, 4), ArrayTask.fromEnvironment(slurm(3, 0, 3, 4, null)).shard());
    // --array=10-40:10 → ids 10, 20, 30, 40
    ArrayTask t = ArrayTask.fromEnvironment(slurm(30, 10, 40, 4, 10));
    assertEquals(new Shard(3, 4), t.shard());
    assertEquals("SLURM_ARRAY_TASK_ID=30 of 10-40:10", t.origin());
  }

  @Test
  void slurmArraysThatAreNotOneRangeAreRefused() {
    // --array=1,2,7: Slurm reports MIN 1, MAX 7, COUNT 3
    ClusterException list = assertThrows(ClusterException.class,
        () -> ArrayTask.fromEnvironment(slurm(7, 1, 7, 3, 1)));
    assertTrue(list.getMessage().startsWith("SLURM_ARRAY_TASK_ID=7: the array's 3 task ids are"
        + " not the one range 1-7"), list.getMessage());
    assertTrue(list.getMessage().endsWith("pass --shard i/n (the script 'dpfah slurm' writes"
        + " does)"), list.getMessage());
    assertThrows(ClusterException.class, () -> ArrayTask.fromEnvironment(slurm(25, 10, 40, 4, 10)));
    ClusterException missing = assertThrows(ClusterException.class,
        () -> ArrayTask.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "2")));
    assertTrue(missing.getMessage().startsWith("SLURM_ARRAY_TASK_MIN is not set"),
        missing.getMessage());
    assertEquals("SLURM_ARRAY_TASK_ID='x': expected a whole number", assertThrows(
        ClusterException.class, () -> ArrayTask.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "x")))
        .getMessage());
  }

  @Test
  void kubernetesIndexedJobsNeedTheShardCount() {
    ArrayTask t = ArrayTask.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0",
        "DPFAH_SHARD_COUNT", "3"));
    assertEquals(new Shard(1, 3), t.shard());
    assertEquals("JOB_COMPLETION_INDEX=0 of DPFAH_SHARD_COUNT=3", t.origin());
    assertEquals(new Shard(3, 3), ArrayTask.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "2",
        "DPFAH_SHARD_COUNT", "3")).shard());
    ClusterException noCount = assertThrows(ClusterException.class,
        () -> ArrayTask.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "1")));
    assertTrue(noCount.getMessage().startsWith("JOB_COMPLETION_INDEX=1 (a Kubernetes Indexed"
        + " Job) but DPFAH_SHARD_COUNT is not set"), noCount.getMessage());
    assertThrows(ClusterException.class, () -> ArrayTask.fromEnvironment(
        Map.of("JOB_COMPLETION_INDEX", "3", "DPFAH_SHARD_COUNT", "3")));
  }

  @Test
  void noArrayNoShard() {
    assertNull(ArrayTask.fromEnvironment(Map.of("SLURM_JOB_ID", "12", "PATH", "/bin")));
  }
}
