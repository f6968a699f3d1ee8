package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpfah.cli.Main;
import io.dpfah.results.RunWriter;
import io.dpfah.train.HashTrainer;
import io.dpfah.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run SIGKILLed twice — in epoch 3 of 5, right after the checkpoint of epoch 2, then inside
 * epoch 4 right after a mid-epoch checkpoint ({@code train.checkpoint_every}) — and resumed each
 * time by the same {@code dpfah run} command in a new JVM, ends with the history.csv (byte for
 * byte), metrics.json figures and codes of the same spec run without interruption. The spec
 * selects the best epoch on a validation split, so the best weights survive the kills too.
 */
class ResumeAfterKillTest {
  @TempDir Path tmp;

  private static final String SPEC = """
      name: killed
      seed: 5
      threads: 1
      data:
        dataset: synthetic
        image_size: 8
        normalization: none
        workers: 1
        validation_per_class: 2
        synthetic: {classes: 4, train_per_class: 10, query_per_class: 4, database_per_class: 8}
      model: {stem: cifar, freeze: [layer4]}
      hash: {bits: 16}
      optim: {batch_size: 4, epochs: 5, schedule: cosine}
      train: {checkpoint_every: 5}
      eval: {topk: [all], precision_at: [1], select: best}
      """;

  /** A {@code dpfah run} in a JVM of its own, output to {@code log}. */
  private static Process start(Path spec, Path out, Path log) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
        spec.toString(), "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String finish(Process p, Path log) throws Exception {
    assertTrue(p.waitFor(20, TimeUnit.MINUTES), "the run did not finish");
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  /** The hidden work folder of the experiment's only run. */
  private static Path workDir(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve("killed"))) {
      List<Path> w = s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
      assertEquals(1, w.size(), "one work folder: " + w);
      return w.get(0);
    }
  }

  /** Kills {@code p} (SIGKILL) as soon as its run.log has both lines; returns its work folder. */
  private static Path killWhen(Process p, Path out, String first, String then) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), "the run ended before it could be killed");
      Path exp = out.resolve("killed");
      if (Files.isDirectory(exp)) {
        try (Stream<Path> s = Files.list(exp)) {
          for (Path w : s.filter(d -> d.getFileName().toString().startsWith(".tmp-")).toList()) {
            Path log = w.resolve("run.log");
            String text = Files.isRegularFile(log) ? Files.readString(log) : "";
            int at = text.indexOf(first);
            if (at >= 0 && text.indexOf(then, at) >= 0) {
              p.destroyForcibly();
              assertTrue(p.waitFor(60, TimeUnit.SECONDS));
              return w;
            }
          }
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the run never reached '" + first + "' and '" + then + "'");
  }

  private static HashTrainer.Position checkpointed(Path work) {
    try (StateDict d = StateDict.read(work.resolve(RunWriter.CHECKPOINT_FILE))) {
      return d.meta("position", HashTrainer.Position.class);
    }
  }

  private static JsonNode figures(Path run) throws IOException {
    ObjectNode m = (ObjectNode) new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    m.remove("timing");
    m.remove("resumed_from");
    return m;
  }

  @Test
  void killedTwiceAndResumedItEqualsTheUninterruptedRun() throws Exception {
    Path spec = Files.writeString(tmp.resolve("killed.yaml"), SPEC);
    Path straightOut = tmp.resolve("straight");
    Path resumedOut = tmp.resolve("resumed");

    Process straight = start(spec, straightOut, tmp.resolve("straight.log"));
    Process first = start(spec, resumedOut, tmp.resolve("first.log"));
    Path work = killWhen(first, resumedOut, "checkpoint: epoch 2 done", "epoch 3/5  batch 1/8");
    HashTrainer.Position p = checkpointed(work);
    assertEquals(3, p.epoch(), "killed in epoch 3, the checkpoint is the end of epoch 2: " + p);
    assertEquals(0, p.batch());
    assertEquals(16, p.step());
    assertEquals(3, Files.readAllLines(work.resolve("history.csv")).size(), "header + 2 epochs");
    assertFalse(Files.exists(work.resolve("metrics.json")), "nothing looks finished");

    Process second = start(spec, resumedOut, tmp.resolve("second.log"));
    assertEquals(work, killWhen(second, resumedOut, "checkpoint: epoch 4, batch 1 ",
        "epoch 4/5  batch 2/8"));
    String secondLog = Files.readString(tmp.resolve("second.log"));
    assertTrue(secondLog.contains("resuming from checkpoint " + work.resolve(
        RunWriter.CHECKPOINT_FILE) + ": epoch 2 done of 5 epochs (16 steps)"), secondLog);
    HashTrainer.Position q = checkpointed(work);
    assertEquals(List.of(4, 1, 25), List.of(q.epoch(), q.batch(), q.step()),
        "killed in epoch 4 after the checkpoint of its first batch: " + q);

    String thirdLog = finish(start(spec, resumedOut, tmp.resolve("third.log")),
        tmp.resolve("third.log"));
    assertTrue(thirdLog.contains(": epoch 4, batch 1 of 5 epochs (25 steps)"), thirdLog);
    finish(straight, tmp.resolve("straight.log"));

    Path a = onlyRun(straightOut);
    Path b = onlyRun(resumedOut);
    assertEquals(Files.readString(a.resolve("history.csv")),
        Files.readString(b.resolve("history.csv")), "history.csv");
    assertEquals(6, Files.readAllLines(b.resolve("history.csv")).size());
    assertTrue(Files.readAllLines(b.resolve("history.csv")).get(0).endsWith(",map_all,val_map_all"));
    assertEquals(figures(a), figures(b), "metrics.json without timing and resumed_from");
    for (String codes : List.of("query_codes.npy", "db_codes.npy")) {
      assertArrayEquals(Files.readAllBytes(a.resolve(codes)), Files.readAllBytes(b.resolve(codes)),
          codes);
    }
    JsonNode resumes = new ObjectMapper().readTree(b.resolve("metrics.json").toFile())
        .get("resumed_from");
    assertEquals("[{\"epoch\":3,\"batch\":0,\"step\":16},{\"epoch\":4,\"batch\":1,\"step\":25}]",
        resumes.toString());
    assertTrue(figures(b).get("selection").get("epoch").asInt() >= 1);
    for (Path run : List.of(a, b)) {
      assertFalse(Files.exists(run.resolve(RunWriter.CHECKPOINT_FILE)), "checkpoint deleted");
      assertFalse(Files.exists(run.resolve(".owner.lock")));
    }
  }

  private static Path onlyRun(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve("killed"))) {
      List<Path> runs = s.toList();
      assertEquals(1, runs.size(), "only the finished run, no work folder left: " + runs);
      assertTrue(Files.isRegularFile(runs.get(0).resolve("metrics.json")));
      return runs.get(0);
    }
  }
}
