package io.dpfah.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWriterTest {
  @TempDir Path dir;

  @Test
  void anUncommittedRunLeavesNoFolderThatLooksFinished() {
    RunWriter w = RunWriter.begin(dir, "seed=1", false);
    w.writeText("spec.yaml", "name: x\n");
    w.appendLine("history.csv", "epoch,loss");
    // the process dies here: no commit
    assertFalse(Files.exists(dir.resolve("seed=1")));
    assertFalse(RunWriter.isFinished(dir.resolve("seed=1")));
    assertTrue(Files.exists(w.workDir().resolve("history.csv")));
  }

  @Test
  void aFinishedRunIsNeverOverwrittenWithoutForce() throws Exception {
    RunWriter.begin(dir, "r", false).commit(run("finished", 1));
    assertTrue(RunWriter.isFinished(dir.resolve("r")));
    RunExistsException e =
        assertThrows(RunExistsException.class, () -> RunWriter.begin(dir, "r", false));
    assertTrue(e.getMessage().contains("r"), e.getMessage());

    RunWriter.begin(dir, "r", true).commit(run("finished", 2));
    assertTrue(Files.readString(dir.resolve("r/metrics.json")).contains("\"seed\" : 2"));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith(".replaced-r")).count());
    }
  }

  @Test
  void aFailedRunIsReplacedByTheNextAttempt() throws Exception {
    RunWriter.begin(dir, "r", false).commit(new RunMetrics("e", "r", "failed", "boom", null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
    assertFalse(RunWriter.isFinished(dir.resolve("r")));
    RunWriter.begin(dir, "r", false).commit(run("finished", 3));
    assertTrue(RunWriter.isFinished(dir.resolve("r")));
  }

  private static RunMetrics run(String status, long seed) {
    return new RunMetrics("e", "r", status, null, null, null, null, 32, seed, null, null, null,
        null, null, null, null, null, null, null, null);
  }
}
