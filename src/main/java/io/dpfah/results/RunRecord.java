package io.dpfah.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One run of an experiment as read back from {@code results/<experiment>/<run-id>/}
 * ({@code metrics.json} + {@code history.csv} + {@code timing.csv}, see METRICS_SCHEMA.md).
 * Missing numbers are {@link Double#NaN}; missing sections are {@code null}.
 *
 * @param runId run id (folder name)
 * @param dir the run folder
 * @param status finished, failed, unfinished (no metrics.json) or broken (unreadable metrics.json)
 * @param error failure or read-error message, {@code null} for finished runs
 * @param variant sweep axis values (dotted spec path to value), in file order
 * @param variantLabel display label of the variant: the sweep axes other than bits and seed (for
 *     example {@code pfa} or {@code classifier=off,quantization=0}); see {@link ResultsReader}
 * @param attention attention name, {@code null} if absent
 * @param backbone backbone name, {@code null} if absent
 * @param bits code length K (0 if absent)
 * @param seed seed (0 if absent)
 * @param dataset data set name, {@code null} if absent
 * @param params parameter counts, {@code null} if absent
 * @param retrieval retrieval metrics, {@code null} if absent
 * @param classification classification metrics, {@code null} if absent
 * @param timing timing figures, {@code null} if absent
 * @param history per-epoch rows of history.csv, with timing.csv's figures (empty if absent)
 */
public record RunRecord(
    String runId,
    Path dir,
    Status status,
    String error,
    Map<String, Object> variant,
    String variantLabel,
    String attention,
    String backbone,
    int bits,
    long seed,
    String dataset,
    Params params,
    Retrieval retrieval,
    Classification classification,
    Timing timing,
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

  /** A copy with another variant label. */
  public RunRecord withVariantLabel(String label) {
    return new RunRecord(runId, dir, status, error, variant, label, attention, backbone, bits, seed,
        dataset, params, retrieval, classification, timing, history);
  }

  /**
   * Parameter counts ({@code -1} where absent).
   *
   * @param total all parameters
   * @param backbone backbone parameters (attention included)
   * @param attention attention-module parameters
   * @param hash hash-layer parameters
   * @param classifier classifier parameters
   */
  public record Params(long total, long backbone, long attention, long hash, long classifier) {}

  /**
   * Retrieval metrics; mAP maps are keyed by cut-off ({@code all}, {@code 1000}, ...) in the
   * order {@code all} first, then ascending.
   *
   * @param numQueries number of queries (-1 if absent)
   * @param numDatabase database size (-1 if absent)
   * @param map stable-tie-order mAP (DeepHash-pytorch CalcTopMap)
   * @param mapTieAware tie-aware mAP (expectation over random tie orders): the headline
   * @param mapHashnet HashNet-convention mAP
   * @param precisionAtN P@N keyed by N, ascending
   * @param precisionRadius2 precision within Hamming radius 2
   * @param prPrecision precision at Hamming radius 0..K (NaN where undefined)
   * @param prRecall recall at Hamming radius 0..K
   */
  public record Retrieval(
      int numQueries,
      int numDatabase,
      Map<String, Double> map,
      Map<String, Double> mapTieAware,
      Map<String, Double> mapHashnet,
      SortedMap<Integer, Double> precisionAtN,
      double precisionRadius2,
      List<Double> prPrecision,
      List<Double> prRecall) {}

  /**
   * Classification-branch metrics.
   *
   * @param accuracy accuracy (NaN if absent)
   * @param macroF1 macro-averaged F1 (NaN if absent)
   * @param labels class names
   * @param confusion confusion matrix rows (true class) by columns (predicted class)
   */
  public record Classification(
      double accuracy, double macroF1, List<String> labels, List<List<Long>> confusion) {}

  /**
   * Timing figures in seconds and images per second (NaN where absent).
   *
   * @param trainS training wall time
   * @param encodeS encoding wall time
   * @param evalS evaluation wall time
   * @param totalS total wall time
   * @param trainImagesPerS training throughput
   * @param encodeImagesPerS encoding throughput
   */
  public record Timing(
      double trainS,
      double encodeS,
      double evalS,
      double totalS,
      double trainImagesPerS,
      double encodeImagesPerS) {}

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
