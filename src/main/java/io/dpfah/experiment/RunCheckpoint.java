package io.dpfah.experiment;

import io.dpfah.results.RunMetrics;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecWriter;
import io.dpfah.train.BestEpoch;
import io.dpfah.train.CheckpointException;
import io.dpfah.train.HashTrainer;
import io.dpfah.weights.StateDict;
import io.dpfah.weights.WeightsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's checkpoint ({@code checkpoint.safetensors} in its work folder): the trainer's state
 * ({@link HashTrainer#state}: weights, optimiser, method, position and history) plus what the run
 * itself needs to continue — the SHA-256 of its resolved spec (a checkpoint of another spec is
 * refused), its timing.csv lines, the resumes so far and, with {@code eval.select: best}, the best
 * epoch with its weights ({@code best/<parameter>}).
 */
final class RunCheckpoint {
  private static final String RUN = "run";
  private static final String BEST = "best/";

  /** The layout of the checkpoints this version writes and reads. */
  static final int FORMAT = 1;

  /**
   * The run's own part of a checkpoint.
   *
   * @param format the checkpoint layout ({@link #FORMAT})
   * @param specSha256 SHA-256 of the resolved spec (SpecWriter's YAML)
   * @param runId the run id
   * @param timing the timing.csv lines of the finished epochs
   * @param resumedFrom the checkpoints resumed from before this one was written
   * @param bestEpoch the best epoch so far (0: none or not selecting)
   * @param bestMap its validation mAP
   */
  record RunState(int format, String specSha256, String runId, List<String> timing,
      List<RunMetrics.Resume> resumedFrom, int bestEpoch, Double bestMap) {}

  private RunCheckpoint() {}

  /** SHA-256 (hex) of the spec as written to spec.yaml. */
  static String specSha256(ExperimentSpec spec) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(SpecWriter.toYaml(spec).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens the checkpoint {@code file} for {@code spec}; close it after restoring.
   *
   * @throws CheckpointException when it is not a readable checkpoint or was written for another
   *     spec (nothing has been written to the work folder then)
   */
  static StateDict open(Path file, ExperimentSpec spec) {
    Path dir = file.getParent();
    StateDict d;
    RunState s;
    try {
      d = StateDict.read(file);
    } catch (WeightsException e) {
      throw new CheckpointException(e.getMessage() + "; delete " + dir
          + " (or pass --force) to start the run over", e);
    }
    try {
      s = d.meta(RUN, RunState.class);
    } catch (WeightsException e) {
      d.close();
      throw new CheckpointException(e.getMessage() + "; delete " + dir
          + " (or pass --force) to start the run over", e);
    }
    if (s.format() != FORMAT) {
      d.close();
      throw new CheckpointException(file + ": a checkpoint of format " + s.format() + ", written"
          + " by another version of dpfah (this one reads format " + FORMAT + "); delete " + dir
          + " (or pass --force) to start the run over");
    }
    String sha = specSha256(spec);
    if (!sha.equals(s.specSha256())) {
      d.close();
      throw new CheckpointException(file + ": this checkpoint was written for a different spec"
          + " (resolved spec SHA-256 " + s.specSha256().substring(0, 12) + "…, this run's "
          + sha.substring(0, 12) + "…; its spec.yaml is beside it); run that spec to resume it,"
          + " or pass --force (or delete " + dir + ") to start the run over");
    }
    return d;
  }

  /** The run's part of an opened checkpoint. */
  static RunState runState(StateDict d) {
    return d.meta(RUN, RunState.class);
  }

  /** The best epoch recorded in an opened checkpoint (empty when there is none). */
  static BestEpoch best(StateDict d) {
    RunState s = runState(d);
    if (s.bestEpoch() == 0) {
      return new BestEpoch();
    }
    Map<String, float[]> w = new LinkedHashMap<>();
    for (String key : d.keys()) {
      if (key.startsWith(BEST)) {
        w.put(key.substring(BEST.length()), d.floats(key));
      }
    }
    return new BestEpoch(s.bestEpoch(), s.bestMap(), w);
  }

  /**
   * Adds the run's part to the trainer's {@code state} and writes it atomically to {@code file};
   * returns its size in bytes.
   */
  static long write(Path file, StateDict state, RunState run, BestEpoch best) {
    state.putMeta(RUN, run);
    if (best.weights() != null) {
      best.weights().forEach((name, w) -> state.put(BEST + name, w));
    }
    return state.write(file);
  }
}
