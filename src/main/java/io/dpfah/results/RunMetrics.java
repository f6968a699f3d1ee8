package io.dpfah.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of a run's {@code metrics.json}, written by serialising this record and read back
 * by deserialising into it ({@link MetricsFile}); every field is documented in
 * {@code docs/metrics.md}. Absent fields are {@code null} (and left out when written, except
 * {@code error}); unknown fields are ignored on reading, so older and newer files both read.
 *
 * @param experiment experiment name
 * @param runId run id (the folder name)
 * @param status {@code finished} or {@code failed}
 * @param error the failure message, {@code null} for a finished run (always written)
 * @param variant the sweep axis values of the run (dotted spec path to value), in spec order
 * @param attention attention module name
 * @param backbone backbone name
 * @param bits code length K
 * @param seed the run's seed
 * @param dataset data set name
 * @param protocol retrieval protocol name
 * @param flushDenormal whether subnormal floats were flushed to zero
 * @param device the DJL device trained on
 * @param pretrained the pretrained weights loaded, {@code null} when trained from scratch
 * @param features where a shallow method's features came from, {@code null} for a deep method
 * @param params parameter counts
 * @param protocolTopk the protocol's customary mAP cut-off
 * @param selection which epoch's weights the figures are of ({@code eval.select})
 * @param retrieval retrieval figures of the final codes
 * @param diagnostics how the final codes use their bits, {@code null} for runs written before
 *     diagnostics existed
 * @param classification classification-branch figures, {@code null} without a classifier
 * @param timing wall times and throughputs
 * @param resumedFrom the checkpoints the run was resumed from, in order; {@code null} when it
 *     ran in one go
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunMetrics(
    String experiment,
    @JsonProperty("run_id") String runId,
    String status,
    @JsonInclude(JsonInclude.Include.ALWAYS) String error,
    Map<String, Object> variant,
    String attention,
    String backbone,
    Integer bits,
    Long seed,
    String dataset,
    String protocol,
    @JsonProperty("flush_denormal") Boolean flushDenormal,
    String device,
    Pretrained pretrained,
    Features features,
    Params params,
    @JsonProperty("protocol_topk") Cutoff protocolTopk,
    Selection selection,
    Retrieval retrieval,
    Diagnostics diagnostics,
    Classification classification,
    Timing timing,
    @JsonProperty("resumed_from") List<Resume> resumedFrom) {

  /** Value of {@link #status} for a finished run. */
  public static final String FINISHED = "finished";

  /** Value of {@link #status} for a failed run. */
  public static final String FAILED = "failed";

  /** A record with every field absent. */
  public static final RunMetrics EMPTY = new RunMetrics(null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** Copies the variant (order kept, {@code null} values allowed) and the resume list. */
  public RunMetrics {
    variant = variant == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(variant));
    resumedFrom = copy(resumedFrom);
  }

  /** A record without {@code selection} and {@code resumed_from} (runs older than them). */
  public RunMetrics(String experiment, String runId, String status, String error,
      Map<String, Object> variant, String attention, String backbone, Integer bits, Long seed,
      String dataset, String protocol, Boolean flushDenormal, String device,
      Pretrained pretrained, Params params, Cutoff protocolTopk, Retrieval retrieval,
      Classification classification, Timing timing) {
    this(experiment, runId, status, error, variant, attention, backbone, bits, seed, dataset,
        protocol, flushDenormal, device, pretrained, null, params, protocolTopk, null, retrieval,
        null, classification, timing, null);
  }

  /** Whether {@link #status} is {@code finished}. */
  public boolean finished() {
    return FINISHED.equals(status);
  }

  /** A copy with other code diagnostics (the rest unchanged). */
  public RunMetrics withDiagnostics(Diagnostics d) {
    return new RunMetrics(experiment, runId, status, error, variant, attention, backbone, bits,
        seed, dataset, protocol, flushDenormal, device, pretrained, features, params, protocolTopk,
        selection, retrieval, d, classification, timing, resumedFrom);
  }

  /**
   * Pretrained weights loaded into the backbone.
   *
   * @param file absolute path of the weights file
   * @param sha256 SHA-256 of the file, hex
   * @param tensorsLoaded number of tensors copied into the backbone
   * @param dropped keys of the file deliberately not loaded (the original classifier head)
   * @param loadS seconds spent loading
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Pretrained(
      String file,
      String sha256,
      @JsonProperty("tensors_loaded") Integer tensorsLoaded,
      List<String> dropped,
      @JsonProperty("load_s") Double loadS) {

    /** Copies the list. */
    public Pretrained {
      dropped = copy(dropped);
    }
  }

  /**
   * The network whose pooled features a shallow method hashed.
   *
   * @param source {@link #FROM_PRETRAINED}, {@link #FROM_RUN} or {@link #FROM_RANDOM}
   * @param run absolute path of the trained run's folder ({@code run} only)
   * @param width feature width F
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Features(String source, String run, Integer width) {
    /** Features of a backbone with {@code model.pretrained} weights (see {@code pretrained}). */
    public static final String FROM_PRETRAINED = "pretrained";
    /** Features of a trained run's network ({@code model.from_run}). */
    public static final String FROM_RUN = "run";
    /** Features of a randomly initialised backbone. */
    public static final String FROM_RANDOM = "random";
  }

  /**
   * Parameter counts of the network.
   *
   * @param total all parameters
   * @param backbone backbone parameters outside the attention modules
   * @param attention attention-module parameters
   * @param hash hash-layer parameters
   * @param classifier classifier parameters
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Params(Long total, Long backbone, Long attention, Long hash, Long classifier) {}

  /**
   * Which epoch's weights the run reports ({@code eval.select}).
   *
   * @param select {@code last} or {@code best}
   * @param epoch the epoch whose weights gave the reported figures and the saved model
   * @param epochs epochs trained
   * @param validationMapAll tie-aware mAP@all of the validation split at {@code epoch}, when
   *     the run has a validation split
   * @param numValidation validation images (queries of the validation ranking)
   * @param numValidationDatabase the remaining training images (its database)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Selection(
      String select,
      Integer epoch,
      Integer epochs,
      @JsonProperty("validation_map_all") Double validationMapAll,
      @JsonProperty("num_validation") Integer numValidation,
      @JsonProperty("num_validation_database") Integer numValidationDatabase) {}

  /**
   * A checkpoint the run was resumed from.
   *
   * @param epoch the epoch training continued in
   * @param batch batches of that epoch the checkpoint had already trained (0: at its start)
   * @param step optimiser updates done before the checkpoint
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Resume(Integer epoch, Integer batch, Integer step) {}

  /**
   * A mAP cut-off: the whole ranking ({@code "all"} in JSON) or the top K (a JSON integer).
   *
   * @param k K, or {@code -1} for the whole ranking
   */
  public record Cutoff(int k) {

    /** The whole ranking. */
    public static final Cutoff ALL = new Cutoff(-1);

    /** Checks K. */
    public Cutoff {
      if (k < 1 && k != -1) {
        throw new IllegalArgumentException("a cut-off is \"all\" or a positive integer, got " + k);
      }
    }

    /** Reads {@code "all"} or a positive integer. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Cutoff parse(Object json) {
      if ("all".equals(json)) {
        return ALL;
      }
      if (json instanceof Integer i) {
        return new Cutoff(i);
      }
      throw new IllegalArgumentException("expected \"all\" or a positive integer, found " + json);
    }

    /** {@code "all"} or K, as written. */
    @JsonValue
    public Object json() {
      return k == -1 ? "all" : (Object) k;
    }

    @Override
    public String toString() {
      return String.valueOf(json());
    }
  }

  /**
   * Retrieval figures of the final codes (definitions in {@code RetrievalEvaluator}). The mAP
   * maps are keyed by cut-off, {@code all} first then ascending; P@N by N, ascending.
   *
   * @param numQueries number of queries
   * @param numDatabase number of database items
   * @param bits code length K
   * @param map stable-tie-order mAP (DeepHash-pytorch CalcTopMap) by cut-off
   * @param mapTieAware tie-aware mAP (expectation over random tie orders) by cut-off: the headline
   * @param mapHashnet HashNet-convention mAP by cut-off
   * @param precisionAtN precision of the top N, by N
   * @param precisionRadius2 mean precision within Hamming radius 2
   * @param prRadius precision and recall within Hamming radius 0..K
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Retrieval(
      @JsonProperty("num_queries") Integer numQueries,
      @JsonProperty("num_database") Integer numDatabase,
      Integer bits,
      Map<String, Double> map,
      @JsonProperty("map_tie_aware") Map<String, Double> mapTieAware,
      @JsonProperty("map_hashnet") Map<String, Double> mapHashnet,
      @JsonProperty("p_at_n") SortedMap<Integer, Double> precisionAtN,
      @JsonProperty("p_r2") Double precisionRadius2,
      @JsonProperty("pr_radius") PrRadius prRadius) {

    /**
     * Orders the maps.
     *
     * @throws IllegalArgumentException if a mAP key is neither {@code all} nor a positive integer
     */
    public Retrieval {
      map = cutoffs("map", map);
      mapTieAware = cutoffs("map_tie_aware", mapTieAware);
      mapHashnet = cutoffs("map_hashnet", mapHashnet);
      precisionAtN = precisionAtN == null ? null
          : Collections.unmodifiableSortedMap(new TreeMap<>(precisionAtN));
    }

    private static Map<String, Double> cutoffs(String name, Map<String, Double> m) {
      if (m == null) {
        return null;
      }
      for (String k : m.keySet()) {
        if (!k.equals("all") && !k.matches("[1-9]\\d*")) {
          throw new IllegalArgumentException(name + ": key \"" + k
              + "\" is neither \"all\" nor a positive integer");
        }
      }
      Map<String, Double> sorted = new TreeMap<>(ResultsReader::compareCutoffs);
      sorted.putAll(m);
      return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }
  }

  /**
   * Precision and recall of Hamming-radius retrieval, index r = radius 0..K.
   *
   * @param precision precision over the queries retrieving something (0 where none does)
   * @param recall recall over all queries
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PrRadius(List<Double> precision, List<Double> recall) {

    /** Copies the lists. */
    public PrRadius {
      precision = copy(precision);
      recall = copy(recall);
    }
  }

  /**
   * How the final sign codes use their bits (definitions in {@code CodeDiagnostics}): balance,
   * entropy and correlation of the bits and bucket occupancy over the database codes; Hamming
   * distances over all query–database pairs.
   *
   * @param bitBalance per bit, the fraction of database codes with +1
   * @param bitEntropy per bit, the binary entropy of that fraction, in bits (1 = balanced)
   * @param meanAbsBitCorrelation mean |Pearson correlation| over pairs of distinct bits
   * @param buckets how many database items share a code
   * @param hammingHistogram query–database pairs per Hamming distance, similar vs dissimilar
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Diagnostics(
      @JsonProperty("bit_balance") List<Double> bitBalance,
      @JsonProperty("bit_entropy") List<Double> bitEntropy,
      @JsonProperty("mean_abs_bit_correlation") Double meanAbsBitCorrelation,
      Buckets buckets,
      @JsonProperty("hamming_histogram") HammingHistogram hammingHistogram) {

    /** Copies the lists. */
    public Diagnostics {
      bitBalance = copy(bitBalance);
      bitEntropy = copy(bitEntropy);
    }

    /** The smallest fraction of +1 over the bits (NaN without bits). */
    public double minBalance() {
      return stats(bitBalance).getMin();
    }

    /** The largest fraction of +1 over the bits (NaN without bits). */
    public double maxBalance() {
      return stats(bitBalance).getMax();
    }

    /** The mean bit entropy in bits (NaN without bits). */
    public double meanEntropy() {
      return stats(bitEntropy).getAverage();
    }

    private static DoubleSummaryStatistics stats(List<Double> values) {
      DoubleSummaryStatistics s = new DoubleSummaryStatistics();
      if (values == null || values.isEmpty()) {
        s.accept(Double.NaN);
      } else {
        values.forEach(s::accept);
      }
      return s;
    }
  }

  /**
   * Bucket occupancy of the database codes (a bucket = the items with one code).
   *
   * @param distinct number of distinct database codes
   * @param largest items in the largest bucket
   * @param queryBucketShare mean over queries of the fraction of the database whose code equals
   *     the query's (Hamming distance 0)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Buckets(
      Integer distinct,
      Integer largest,
      @JsonProperty("query_bucket_share") Double queryBucketShare) {}

  /**
   * Query–database pairs counted by Hamming distance d = 0..K (index d).
   *
   * @param similar pairs sharing a label (relevant, as the evaluator defines it)
   * @param dissimilar pairs sharing none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record HammingHistogram(List<Long> similar, List<Long> dissimilar) {

    /** Copies the lists. */
    public HammingHistogram {
      similar = copy(similar);
      dissimilar = copy(dissimilar);
    }

    /**
     * The fraction of the similar (or dissimilar) pairs at each distance 0..K; NaN where there
     * are no such pairs at all.
     */
    public List<Double> fractions(boolean similarPairs) {
      List<Long> counts = similarPairs ? similar : dissimilar;
      double total = counts.stream().mapToLong(Long::longValue).sum();
      return counts.stream().map(c -> c / total).toList();
    }

    /** The mean Hamming distance of the similar (or dissimilar) pairs; NaN without pairs. */
    public double meanDistance(boolean similarPairs) {
      List<Long> counts = similarPairs ? similar : dissimilar;
      double total = 0;
      double weighted = 0;
      for (int d = 0; d < counts.size(); d++) {
        total += counts.get(d);
        weighted += (double) d * counts.get(d);
      }
      return weighted / total;
    }
  }

  /**
   * Classification-branch figures on the queries (definitions in {@code ClassificationReport}).
   *
   * @param accuracy accuracy (subset accuracy for multi-label)
   * @param macroF1 macro-averaged F1
   * @param microF1 micro-averaged F1
   * @param multiLabel whether the data set is multi-label
   * @param labels class names, in index order
   * @param confusion single-label: {@code [true][predicted]} counts; multi-label: per label
   *     {@code [tn, fp, fn, tp]}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Classification(
      Double accuracy,
      @JsonProperty("macro_f1") Double macroF1,
      @JsonProperty("micro_f1") Double microF1,
      @JsonProperty("multi_label") Boolean multiLabel,
      List<String> labels,
      List<List<Long>> confusion) {

    /** Copies the lists. */
    public Classification {
      labels = copy(labels);
      confusion = confusion == null ? null
          : Collections.unmodifiableList(confusion.stream().map(RunMetrics::copy).toList());
    }
  }

  /**
   * Wall times in seconds and throughputs in images per second; a failed run has those of the
   * stages it reached and {@code total_s}.
   *
   * @param dataS loading the data set and protocol
   * @param trainS training
   * @param trainImagesPerS training throughput
   * @param encodeS encoding queries and database after training
   * @param encodeImagesPerS encoding throughput
   * @param evalS computing the retrieval figures
   * @param totalS the whole run
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Timing(
      @JsonProperty("data_s") Double dataS,
      @JsonProperty("train_s") Double trainS,
      @JsonProperty("train_images_per_s") Double trainImagesPerS,
      @JsonProperty("encode_s") Double encodeS,
      @JsonProperty("encode_images_per_s") Double encodeImagesPerS,
      @JsonProperty("eval_s") Double evalS,
      @JsonProperty("total_s") Double totalS) {}

  private static <T> List<T> copy(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
