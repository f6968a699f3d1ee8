package io.dpfah.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of an experiment as read back from {@code results/<experiment>/<run-id>/}:
 * {@code metrics.json} as a {@link RunMetrics} (fields in {@code docs/metrics.md}), plus
 * {@code history.csv} and {@code timing.csv}.
 *
 * @param runId run id (from metrics.json, else the folder name)
 * @param dir the run folder
 * @param status finished, failed, unfinished (no metrics.json) or broken (unreadable metrics.json)
 * @param error failure or read-error message, {@code null} for finished runs
 * @param variantLabel display label of the variant: the sweep axes other than bits and seed (for
 *     example {@code pfa} or {@code classifier=off,quantization=0}); see {@link ResultsReader}
 * @param metrics the content of metrics.json ({@link RunMetrics#EMPTY} for unfinished and
 *     broken runs)
 * @param history per-epoch rows of history.csv, with timing.csv's figures (empty if absent)
 */
public record RunRecord(
    String runId,
    Path dir,
    Status status,
    String error,
    String variantLabel,
    RunMetrics metrics,
    List<HistoryRow> history) {

  /** State of a run folder. */
  public enum Status {
    /** metrics.json with status finished. */
    FINISHED,
    /** metrics.json with status failed. */
    FAILED,
    /** Folder without metrics.json (running or killed). */
    UNFINISHED,
    /** metrics.json present but unreadable or malformed. */
    BROKEN
  }

  /** Whether the run finished and its metrics may be aggregated. */
  public boolean finished() {
    return status == Status.FINISHED;
  }

  /** Code length K, 0 if absent. */
  public int bits() {
    return metrics.bits() == null ? 0 : metrics.bits();
  }

  /** Seed, 0 if absent. */
  public long seed() {
    return metrics.seed() == null ? 0 : metrics.seed();
  }

  /** Sweep axis values (dotted spec path to value) in file order, empty if absent. */
  public Map<String, Object> variant() {
    return metrics.variant() == null ? Map.of() : metrics.variant();
  }

  /** A copy with another variant label. */
  public RunRecord withVariantLabel(String label) {
    return new RunRecord(runId, dir, status, error, label, metrics, history);
  }

  /**
   * One epoch of history.csv and timing.csv (NaN where a cell is empty or absent).
   *
   * @param epoch epoch number
   * @param loss total loss
   * @param pairwise pairwise term
   * @param classification classification term
   * @param quantization quantisation term
   * @param lr learning rate
   * @param seconds epoch wall time
   * @param imagesPerS training throughput
   * @param mapAll tie-aware mAP@all when evaluated that epoch, else NaN
   * @param rssMb process resident set size after the epoch, MiB
   */
  public record HistoryRow(
      int epoch,
      double loss,
      double pairwise,
      double classification,
      double quantization,
      double lr,
      double seconds,
      double imagesPerS,
      double mapAll,
      double rssMb) {}
}
