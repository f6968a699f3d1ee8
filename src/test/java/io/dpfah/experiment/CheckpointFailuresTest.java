package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dpfah.cli.Main;
import io.dpfah.results.IoFailures;
import io.dpfah.results.RunWriter;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.train.CheckpointException;
import io.dpfah.train.Progress;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What resuming refuses and how failing writes end: a checkpoint of another spec is refused
 * with one line (exit 2) and left as it was; a full disk or a read-only work folder is an I/O
 * error (exit 1) that leaves nothing looking finished and keeps the last checkpoint.
 */
class CheckpointFailuresTest {
  @TempDir Path out;

  private static final String SPEC = """
      name: ck
      seed: 1
      threads: 1
      data:
        dataset: synthetic
        image_size: 8
        normalization: none
        workers: 1
        synthetic: {classes: 2, train_per_class: 6, query_per_class: 2, database_per_class: 4}
      model: {stem: cifar, freeze: [layer4]}
      optim: {batch_size: 4, epochs: 3, schedule: none}
      eval: {topk: [all], precision_at: [1]}
      """;

  /** What a kill does to the JVM, as far as the run can tell: it stops at that line. */
  private static final class Killed extends Error {
    Killed() {
      super("killed");
    }
  }

  /** Progress output that runs {@code action} on the work folder at the line starting {@code at}. */
  private Progress.Factory at(String line, Consumer<Path> action) {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream()) {
      @Override
      public void println(String l) {
        if (l.startsWith(line)) {
          action.accept(workDir());
        }
      }
    };
    return epochs -> new Progress(sink, false, epochs);
  }

  private static final Progress.Factory QUIET =
      epochs -> new Progress(new PrintStream(OutputStream.nullOutputStream()), false, epochs);

  private Path workDir() {
    try (Stream<Path> s = Files.list(out.resolve("ck"))) {
      List<Path> w = s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
      assertEquals(1, w.size(), w.toString());
      return w.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ExperimentSpec spec(String... overrides) {
    return SpecLoader.parse(SPEC, "ck.yaml", List.of(overrides));
  }

  /** Runs until the checkpoint after epoch 1 is written, then dies; returns the work folder. */
  private Path killedAfterEpoch1(ExperimentSpec spec, String runId) {
    assertThrows(Killed.class, () -> new RunExecutor(out, false,
        at("checkpoint: epoch 1 done", w -> {
          throw new Killed();
        })).run(spec, runId, Map.of()));
    Path w = workDir();
    assertTrue(RunWriter.hasCheckpoint(w));
    assertFalse(Files.exists(w.resolve("metrics.json")));
    return w;
  }

  private static int cli(StringWriter err, String... args) {
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err, true));
    PrintStream old = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return cl.execute(args);
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void aCheckpointOfAnotherSpecIsRefusedAndLeftAsItWas() throws Exception {
    Path w = killedAfterEpoch1(spec(), "seed=1");
    Path ck = w.resolve(RunWriter.CHECKPOINT_FILE);
    byte[] saved = Files.readAllBytes(ck);
    long log = Files.size(w.resolve("run.log"));

    CheckpointException e = assertThrows(CheckpointException.class,
        () -> new RunExecutor(out, false, QUIET).run(spec("optim.lr=0.01"), "seed=1", Map.of()));
    assertTrue(e.getMessage().startsWith(ck + ": this checkpoint was written for a different spec"
        + " (resolved spec SHA-256 "), e.getMessage());
    assertTrue(e.getMessage().endsWith("run that spec to resume it, or pass --force (or delete "
        + w + ") to start the run over"), e.getMessage());
    assertArrayEquals(saved, Files.readAllBytes(ck), "the checkpoint is untouched");
    assertEquals(log, Files.size(w.resolve("run.log")), "nothing was written");

    // the same through `dpfah sweep`, whose run ids do not change with the spec: one line, exit 2
    Path sweep = Files.writeString(out.resolve("ck.yaml"),
        SPEC.replace("schedule: none", "schedule: none, lr: 0.01")
            + "sweep:\n  axes:\n    seed: [1]\n");
    StringWriter err = new StringWriter();
    assertEquals(2, cli(err, "sweep", sweep.toString(), "--out", out.toString(), "--no-report"));
    assertTrue(err.toString().startsWith("dpfah sweep: " + ck + ": this checkpoint was written"
        + " for a different spec"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertArrayEquals(saved, Files.readAllBytes(ck));

    // --force starts the run over and drops the old attempt
    StringWriter err2 = new StringWriter();
    assertEquals(0, cli(err2, "sweep", sweep.toString(), "--out", out.toString(), "--no-report",
        "--force"), err2.toString());
    assertTrue(RunWriter.isFinished(out.resolve("ck/seed=1")));
    try (Stream<Path> s = Files.list(out.resolve("ck"))) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".tmp-"))
          .toList(), "no work folder left");
    }
  }

  /**
   * A full disk while writing the checkpoint (its temporary file is /dev/full: writes fail with
   * ENOSPC) stops the run with an I/O error naming the file; nothing is committed.
   */
  @Test
  void aFullDiskIsAnIoErrorAndNothingLooksFinished() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full to simulate a full disk");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> new RunExecutor(out, false, at("epoch 1 done", w -> {
          try {
            Files.createSymbolicLink(w.resolve(RunWriter.CHECKPOINT_FILE + ".tmp"),
                Path.of("/dev/full"));
          } catch (IOException x) {
            throw new UncheckedIOException(x);
          }
        })).run(spec(), "r", Map.of()));
    Path w = workDir();
    assertEquals("cannot write " + w.resolve(RunWriter.CHECKPOINT_FILE)
        + ": No space left on device", IoFailures.describe(e));
    assertFalse(Files.exists(out.resolve("ck/r")), "no run folder");
    assertFalse(Files.exists(w.resolve("metrics.json")), "the work folder is not finished");
    assertFalse(Files.exists(w.resolve(RunWriter.CHECKPOINT_FILE + ".tmp"),
        LinkOption.NOFOLLOW_LINKS));
    List<String> log = Files.readAllLines(w.resolve("run.log"));
    assertTrue(log.get(log.size() - 1).endsWith("run r stopped: I/O error: cannot write "
        + w.resolve(RunWriter.CHECKPOINT_FILE) + ": No space left on device (its work folder "
        + w + " is left unfinished)"), log.toString());
  }

  /**
   * A work folder that became read-only: the resumed run trains its epoch, fails to write the
   * next checkpoint, and `dpfah run` says so in one line with exit status 1; the checkpoint of
   * epoch 1 is still there. Root ignores permissions, so as root the run drops its capabilities
   * with setpriv (skipped, saying why, where setpriv is missing).
   */
  @Test
  void aReadOnlyWorkFolderIsAnIoErrorWithStatus1() throws Exception {
    ExperimentSpec spec = spec();
    String runId = "seed=1-" + RunCheckpoint.specSha256(spec).substring(0, 8);
    Path w = killedAfterEpoch1(spec, runId);
    Path ck = w.resolve(RunWriter.CHECKPOINT_FILE);
    byte[] saved = Files.readAllBytes(ck);
    Path specFile = Files.writeString(out.resolve("ck.yaml"), SPEC);
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      assumeTrue(new File("/usr/bin/setpriv").canExecute(),
          "as root, permissions only bite without DAC capabilities: needs /usr/bin/setpriv");
      cmd.addAll(List.of("/usr/bin/setpriv", "--inh-caps=-dac_override,-dac_read_search",
          "--bounding-set=-dac_override,-dac_read_search"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", specFile.toString(), "--out", out.toString()));
    Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("r-x------"));
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.resolve("child.out").toFile())
          .start();
      assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child timed out");
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      String stdout = Files.readString(out.resolve("child.out"));
      assertEquals(1, p.exitValue(), err + stdout);
      // before it, stderr may hold the JVM's and libtorch's warnings, never a stack trace
      List<String> lines = err.lines().toList();
      assertEquals("dpfah run: I/O error: cannot write " + ck + ": permission denied: " + ck
          + ".tmp", lines.get(lines.size() - 1), err);
      assertEquals(1, lines.stream().filter(l -> l.startsWith("dpfah run:")).count(), err);
      assertFalse(err.contains("\tat "), err);
      assertTrue(stdout.contains("resuming from checkpoint " + ck + ": epoch 1 done"), stdout);
      assertTrue(stdout.contains("keeps the last checkpoint: run it again to resume)"), stdout);
    } finally {
      Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwx------"));
    }
    assertArrayEquals(saved, Files.readAllBytes(ck), "the last checkpoint is kept");
    assertFalse(Files.exists(out.resolve("ck/" + runId)), "nothing looks finished");
    assertFalse(Files.exists(w.resolve("metrics.json")));
  }
}
