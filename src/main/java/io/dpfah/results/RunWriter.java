package io.dpfah.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes one run folder atomically: everything goes into a hidden {@code .tmp-<id>-<nonce>}
 * folder beside the final one, which is renamed to {@code <id>} only when the run has finished
 * or has been recorded as failed. A killed run therefore never leaves a folder that looks
 * finished, and a finished run is never replaced without {@code force}.
 *
 * <p>A work folder holding a {@link #CHECKPOINT_FILE} is resumable: {@link #begin} takes it over
 * instead of starting a new one, unless another live process owns it. The owner holds an OS lock
 * on the folder's {@code .owner.lock} (released when it commits, {@link #release}s or dies). The
 * checkpoint is deleted when the run is committed, so no finished folder carries one.
 */
public final class RunWriter {
  /** A run's checkpoint inside its work folder (weights and training state: never committed). */
  public static final String CHECKPOINT_FILE = "checkpoint.safetensors";

  private static final String OWNER_FILE = ".owner.lock";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

  private final Path finalDir;
  private final Path tmp;
  private final boolean force;
  private final boolean resumed;
  private final Path ownerKey;
  private FileChannel ownerChannel;

  private RunWriter(Path finalDir, Path tmp, boolean force, boolean resumed, FileChannel owner) {
    this.finalDir = finalDir;
    this.tmp = tmp;
    this.force = force;
    this.resumed = resumed;
    this.ownerKey = tmp.toAbsolutePath().normalize();
    this.ownerChannel = owner;
  }

  /**
   * Starts a run: takes over the newest unowned work folder of this run that holds a checkpoint
   * ({@link #resumed()}), or creates a new one. With {@code force} nothing is resumed.
   *
   * @param experimentDir {@code results/<experiment>}
   * @param runId the run's folder name
   * @param force replace a finished run of the same id (kept aside as {@code .replaced-*}) and
   *     start afresh even when a checkpoint exists
   * @throws RunExistsException when a finished run exists and force is false
   */
  public static RunWriter begin(Path experimentDir, String runId, boolean force) {
    Path dir = experimentDir.resolve(runId);
    if (!force && isFinished(dir)) {
      throw new RunExistsException(dir);
    }
    try {
      Files.createDirectories(experimentDir);
      if (!force) {
        for (Path work : resumable(experimentDir, runId)) {
          FileChannel owner = own(work);
          if (owner != null) {
            RunWriter w = new RunWriter(dir, work, force, true, owner);
            if (hasCheckpoint(work)) {
              return w;
            }
            w.release();
          }
        }
      }
      Path tmp = Files.createTempDirectory(experimentDir, ".tmp-" + runId + "-");
      return new RunWriter(dir, tmp, force, false, own(tmp));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a run folder under " + experimentDir, e);
    }
  }

  /** Whether {@code workDir} (a hidden work folder) holds a checkpoint to resume from. */
  public static boolean hasCheckpoint(Path workDir) {
    return Files.isRegularFile(workDir.resolve(CHECKPOINT_FILE));
  }

  /** The work folders of {@code runId} that hold a checkpoint, newest checkpoint first. */
  private static List<Path> resumable(Path experimentDir, String runId) throws IOException {
    Pattern name = Pattern.compile(Pattern.quote(".tmp-" + runId + "-") + "[0-9]+");
    try (Stream<Path> s = Files.list(experimentDir)) {
      return s.filter(p -> name.matcher(p.getFileName().toString()).matches())
          .filter(RunWriter::hasCheckpoint)
          .sorted(Comparator.comparing(RunWriter::checkpointTime).reversed())
          .toList();
    }
  }

  private static FileTime checkpointTime(Path workDir) {
    try {
      return Files.getLastModifiedTime(workDir.resolve(CHECKPOINT_FILE));
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /**
   * Locks the work folder's owner file, or returns null when a live process holds it. Folders
   * this process owns are known without opening the file again (closing a second channel on it
   * would drop the process's lock on Linux).
   */
  private static FileChannel own(Path workDir) throws IOException {
    Path key = workDir.toAbsolutePath().normalize();
    if (!OWNED.add(key)) {
      return null;
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(workDir.resolve(OWNER_FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      if (ch.tryLock() != null) {
        return ch;
      }
    } catch (OverlappingFileLockException e) {
      // held through another channel of this process
    } catch (IOException e) {
      OWNED.remove(key);
      if (ch != null) {
        ch.close();
      }
      throw new IOException("cannot lock " + workDir.resolve(OWNER_FILE) + " (does this file"
          + " system support file locks?): " + e.getMessage(), e);
    }
    OWNED.remove(key);
    ch.close();
    return null;
  }

  /** Whether this writer took over a killed attempt's work folder with its checkpoint. */
  public boolean resumed() {
    return resumed;
  }

  /** The checkpoint file in the work folder (it exists when {@link #resumed()}). */
  public Path checkpointFile() {
    return tmp.resolve(CHECKPOINT_FILE);
  }

  /**
   * Gives up the work folder without committing it (its checkpoint stays for a later attempt).
   * Idempotent; {@link #commit} releases too.
   */
  public void release() {
    if (ownerChannel != null) {
      try {
        ownerChannel.close();
      } catch (IOException ignored) {
        // closing a lock file cannot lose data; the lock goes with the channel anyway
      }
      ownerChannel = null;
      OWNED.remove(ownerKey);
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
   * Writes {@code metrics.json}, deletes the checkpoint and renames the folder into place. A
   * previous failed or unfinished folder of the same id is moved aside; a finished one only with
   * {@code force}.
   */
  public Path commit(RunMetrics metrics) {
    MetricsFile.write(tmp.resolve(ResultsReader.METRICS_FILE), metrics);
    try {
      Files.deleteIfExists(checkpointFile());
      Files.deleteIfExists(tmp.resolve(CHECKPOINT_FILE + ".tmp"));
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
      release();
      Files.deleteIfExists(finalDir.resolve(OWNER_FILE));
      return finalDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + tmp + " to " + finalDir
          + " (the run's files are still in " + tmp + ")", e);
    } finally {
      release();
    }
  }
}
