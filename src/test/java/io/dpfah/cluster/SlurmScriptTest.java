package io.dpfah.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmScriptTest {
  @TempDir Path dir;

  private static final List<String> RUNS = List.of("r1", "r2", "r3", "r4", "r5", "r6");

  private SlurmScript script(Set<String> finished, SlurmScript.Options o) {
    return new SlurmScript("exp", "dpfah slurm s.yaml --tasks 3", dir.resolve("work"),
        dir.resolve("bin/dpfah"), List.of(dir.resolve("my spec.yaml").toString(), "--set",
            "optim.lr=1e-3", "--out", dir.resolve("res").toString()),
        dir.resolve("res"), RUNS, finished, o);
  }

  private static SlurmScript.Options options(int tasks) {
    return new SlurmScript.Options("gpu", 1, "04:00:00", 2, tasks, 8, "01:00:00",
        List.of("--account=proj"));
  }

  @Test
  void theScriptHasTheArrayAndTheSettings() {
    String s = script(Set.of(), options(3)).render();
    List<String> sbatch = s.lines().filter(l -> l.startsWith("#SBATCH")).toList();
    assertEquals(List.of("#SBATCH --job-name=dpfah-exp", "#SBATCH --array=1-3%2",
        "#SBATCH --output=" + dir.resolve("res/exp/.slurm") + "/%x-%A_%a.out",
        "#SBATCH --partition=gpu", "#SBATCH --gres=gpu:1", "#SBATCH --time=04:00:00",
        "#SBATCH --cpus-per-task=8", "#SBATCH --account=proj"), sbatch);
    // shard t/3 of r1..r6 takes runs t and t+3
    assertTrue(s.contains("#   task 1: r1  r4\n#   task 2: r2  r5\n#   task 3: r3  r6\n"), s);
    assertTrue(s.endsWith("exec " + dir.resolve("bin/dpfah") + " sweep \\\n  '" + dir.resolve(
        "my spec.yaml") + "' --set optim.lr=1e-3 --out " + dir.resolve("res")
        + " \\\n  --shard \"${SLURM_ARRAY_TASK_ID}/3\"\n"), s);
    int firstCommand = s.indexOf("\nset -euo pipefail");
    assertTrue(s.lastIndexOf("#SBATCH") < firstCommand, "sbatch reads #SBATCH lines only"
        + " before the first command");
  }

  @Test
  void oneRunPerTaskByDefaultAndFinishedTasksAreLeftOut() {
    SlurmScript all = script(Set.of(), options(0));
    assertEquals(6, all.taskCount());
    assertTrue(all.render().contains("#SBATCH --array=1-6%2\n"));
    // tasks of 3: task 1 = r1, r4 (both finished), task 2 = r2, r5 (r2 finished, r5 not)
    SlurmScript some = script(Set.of("r1", "r4", "r2"), options(3));
    assertEquals(List.of(2, 3), some.pendingTasks());
    String s = some.render();
    assertTrue(s.contains("#SBATCH --array=2-3%2\n"), s);
    assertTrue(s.contains("#   task 1: r1  r4  (finished: left out of --array)\n"), s);
    assertTrue(s.contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\""), "shard numbers stay");
    assertEquals(List.of(1, 3), script(Set.of("r2", "r5"), options(3)).pendingTasks());
    ClusterException done = assertThrows(ClusterException.class,
        () -> script(Set.copyOf(RUNS), options(3)).render());
    assertTrue(done.getMessage().startsWith("all 6 runs of exp are finished: nothing to submit"),
        done.getMessage());
    assertEquals(6, script(Set.of(), options(10)).taskCount(), "never more tasks than runs");
  }

  @Test
  void rangesAndQuoting() {
    assertEquals("1-3,5,7-8", SlurmScript.ranges(List.of(1, 2, 3, 5, 7, 8)));
    assertEquals("2", SlurmScript.ranges(List.of(2)));
    assertEquals("/a/b=c,d", SlurmScript.q("/a/b=c,d"));
    assertEquals("'it'\\''s here'", SlurmScript.q("it's here"));
    assertEquals("'$HOME'", SlurmScript.q("$HOME"));
  }

  @Test
  void badOptionsNameTheOption() {
    assertTrue(assertThrows(ClusterException.class, () -> new SlurmScript.Options(null, 0,
        "4 hours", 0, 0, 0, "01:00:00", List.of())).getMessage().startsWith(
        "--time '4 hours': expected a Slurm time limit"));
    for (String t : List.of("30", "30:00", "04:00:00", "2-00", "2-12:30", "2-12:30:00",
        "UNLIMITED")) {
      new SlurmScript.Options(null, 0, t, 0, 0, 0, "1:00:00", List.of());
    }
    assertTrue(assertThrows(ClusterException.class, () -> new SlurmScript.Options("a b", 0,
        null, 0, 0, 0, "01:00:00", List.of())).getMessage().startsWith("--partition 'a b'"));
    assertTrue(assertThrows(ClusterException.class, () -> new SlurmScript.Options(null, 0,
        null, 0, 0, 0, "01:00:00", List.of("--mem 4G"))).getMessage().startsWith(
        "--sbatch '--mem 4G'"));
  }

  /** Fake sbatch (logs its arguments, prints job ids) and launcher (logs its arguments). */
  private Path fakes() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    write(bin.resolve("sbatch"), "#!/bin/bash\n"
        + "n=$(($(cat " + dir.resolve("n") + " 2>/dev/null || echo 40) + 1)); echo $n > "
        + dir.resolve("n") + "\n"
        + "printf '%s\\n' \"$@\" '--' >> " + dir.resolve("sbatch.log") + "\n"
        + "echo \"$n;cluster\"\n");
    write(bin.resolve("dpfah"), "#!/bin/bash\nprintf '%s\\n' \"$PWD\" \"$DPFAH_NO_BUILD\" \"$@\" > "
        + dir.resolve("launcher.log") + "\n");
    Files.createDirectories(dir.resolve("work"));
    return bin;
  }

  private static void write(Path f, String text) throws IOException {
    Files.writeString(f, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String bash(Path scriptFile, Path bin, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", scriptFile.toString()).redirectErrorStream(true);
    pb.environment().remove("SLURM_JOB_ID");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void runWithBashItSubmitsTheArrayThenTheReportJobAfterIt() throws Exception {
    Path bin = fakes();
    Path file = dir.resolve("res/exp/.slurm/sweep.sbatch");
    Files.createDirectories(file.getParent());
    Files.writeString(file, script(Set.of("r3", "r6"), options(3)).render());
    String out = bash(file, bin, Map.of());
    assertEquals("array job 41 (tasks 1-2 of 3), report job 42 (after the array)\n", out);
    List<String> calls = split(Files.readAllLines(dir.resolve("sbatch.log")));
    assertEquals("--parsable " + file, calls.get(0));
    assertEquals("--parsable --dependency=afterany:41 --job-name=dpfah-exp-report"
        + " --time=01:00:00 --partition=gpu --output=" + dir.resolve("res/exp/.slurm")
        + "/%x-%j.out --wrap=DPFAH_NO_BUILD=1 exec " + dir.resolve("bin/dpfah") + " report "
        + dir.resolve("res/exp"), calls.get(1));
    assertEquals(2, calls.size());
  }

  @Test
  void asAnArrayTaskItRunsItsShard() throws Exception {
    Path bin = fakes();
    Path file = dir.resolve("task.sbatch");
    Files.writeString(file, script(Set.of(), options(3)).render());
    bash(file, bin, Map.of("SLURM_JOB_ID", "77", "SLURM_ARRAY_TASK_ID", "2"));
    assertEquals(List.of(dir.resolve("work").toString(), "1", "sweep",
        dir.resolve("my spec.yaml").toString(), "--set", "optim.lr=1e-3", "--out",
        dir.resolve("res").toString(), "--shard", "2/3"),
        Files.readAllLines(dir.resolve("launcher.log")));
    assertTrue(!Files.exists(dir.resolve("sbatch.log")), "a task submits nothing");
  }

  private static List<String> split(List<String> lines) {
    List<String> calls = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String l : lines) {
      if (l.equals("--")) {
        calls.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(' ').append(l);
      }
    }
    return calls;
  }
}
