package io.dpfah.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        null, null, null, null, null, null, null, null, null, null, null, null, null, null));
    assertFalse(RunWriter.isFinished(dir.resolve("r")));
    RunWriter.begin(dir, "r", false).commit(run("finished", 3));
    assertTrue(RunWriter.isFinished(dir.resolve("r")));
  }

  /**
   * A killed attempt's work folder with a checkpoint is taken over by the next attempt of the
   * same run (not by a run whose id merely starts the same, nor while its owner lives, nor with
   * force); committing deletes the checkpoint.
   */
  @Test
  void aWorkFolderWithACheckpointIsResumedByTheSameRunOnly() throws Exception {
    RunWriter killed = RunWriter.begin(dir, "topk=all", false);
    Files.writeString(killed.checkpointFile(), "state");
    assertTrue(RunWriter.hasCheckpoint(killed.workDir()));

    RunWriter whileAlive = RunWriter.begin(dir, "topk=all", false);
    assertFalse(whileAlive.resumed(), "the owner still holds it");
    assertNotEquals(killed.workDir(), whileAlive.workDir());
    whileAlive.release();
    killed.release();  // the owner dies

    RunWriter other = RunWriter.begin(dir, "topk", false);
    assertFalse(other.resumed(), "another run's folder is not resumed");
    other.release();
    RunWriter forced = RunWriter.begin(dir, "topk=all", true);
    assertFalse(forced.resumed(), "force starts afresh");
    forced.release();

    RunWriter next = RunWriter.begin(dir, "topk=all", false);
    assertTrue(next.resumed());
    assertEquals(killed.workDir(), next.workDir());
    assertEquals("state", Files.readString(next.checkpointFile()));
    Path done = next.commit(run("finished", 1));
    assertFalse(Files.exists(done.resolve(RunWriter.CHECKPOINT_FILE)), "no checkpoint committed");
    try (Stream<Path> s = Files.list(done)) {
      assertEquals(List.of("metrics.json"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static RunMetrics run(String status, long seed) {
    return new RunMetrics("e", "r", status, null, null, null, null, 32, seed, null, null, null,
        null, null, null, null, null, null, null);
  }
}
