package io.dpfah.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes one run folder atomically: everything goes into a hidden {@code .tmp-<id>-<nonce>}
 * folder beside the final one, which is renamed to {@code <id>} only when the run has finished
 * or has been recorded as failed. A killed run therefore never leaves a folder that looks
 * finished, and a finished run is never replaced without {@code force}.
 */
public final class RunWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path finalDir;
  private final Path tmp;
  private final boolean force;

  private RunWriter(Path finalDir, Path tmp, boolean force) {
    this.finalDir = finalDir;
    this.tmp = tmp;
    this.force = force;
  }

  /**
   * Starts a run.
   *
   * @param experimentDir {@code results/<experiment>}
   * @param runId the run's folder name
   * @param force replace a finished run of the same id (kept aside as {@code .replaced-*})
   * @throws RunExistsException when a finished run exists and force is false
   */
  public static RunWriter begin(Path experimentDir, String runId, boolean force) {
    Path dir = experimentDir.resolve(runId);
    if (!force && isFinished(dir)) {
      throw new RunExistsException(dir);
    }
    try {
      Files.createDirectories(experimentDir);
      Path tmp = Files.createTempDirectory(experimentDir, ".tmp-" + runId + "-");
      return new RunWriter(dir, tmp, force);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a run folder under " + experimentDir, e);
    }
  }

  /**
   * True when {@code runDir/metrics.json} exists and says {@code "status": "finished"}. Only that
   * field is looked at: a finished run whose other fields no longer read as a {@link RunMetrics}
   * is still never replaced without {@code force}.
   */
  public static boolean isFinished(Path runDir) {
    Path m = runDir.resolve(ResultsReader.METRICS_FILE);
    if (!Files.isRegularFile(m)) {
      return false;
    }
    try {
      return RunMetrics.FINISHED.equals(JSON.readTree(m.toFile()).path("status").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** The folder being written (files go here until {@link #commit}). */
  public Path workDir() {
    return tmp;
  }

  /** Where the run will be once committed. */
  public Path finalDir() {
    return finalDir;
  }

  /** Opens the run folder's {@link RunLog} (close it before {@link #commit}). */
  public RunLog openLog() {
    return RunLog.open(tmp.resolve(RunLog.FILE));
  }

  /** Writes a text file into the run folder. */
  public void writeText(String name, String text) {
    try {
      Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp.resolve(name), e);
    }
  }

  /** Appends one line (a newline is added) to a text file of the run folder. */
  public void appendLine(String name, String line) {
    try {
      Files.writeString(tmp.resolve(name), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp.resolve(name), e);
    }
  }

  /** Writes an object as indented JSON (data.json, provenance.json). */
  public void writeJson(String name, Object value) {
    try {
      JSON.writeValue(tmp.resolve(name).toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp.resolve(name), e);
    }
  }

  /**
   * Writes {@code metrics.json} and renames the folder into place. A previous failed or
   * unfinished folder of the same id is moved aside; a finished one only with {@code force}.
   */
  public Path commit(RunMetrics metrics) {
    MetricsFile.write(tmp.resolve(ResultsReader.METRICS_FILE), metrics);
    try {
      if (Files.exists(finalDir)) {
        if (isFinished(finalDir) && !force) {
          throw new RunExistsException(finalDir);
        }
        String tag = isFinished(finalDir) ? ".replaced-" : ".previous-";
        Path aside = finalDir.resolveSibling(tag + finalDir.getFileName() + "-"
            + Instant.now().toString().replace(':', '-'));
        Files.move(finalDir, aside, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
      return finalDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + tmp + " to " + finalDir
          + " (the run's files are still in " + tmp + ")", e);
    }
  }
}
