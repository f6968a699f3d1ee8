package io.dpfah.eval;

import io.dpfah.results.RunMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Retrieval figures of one evaluation (definitions in {@link RetrievalEvaluator}). Map keys are
 * the requested cut-offs, -1 standing for "all"; iteration follows the request order.
 *
 * @param numQueries number of queries
 * @param numDatabase number of database items
 * @param bits code length K
 * @param map DeepHash-pytorch {@code CalcTopMap} mAP@K, ties broken by database index
 * @param mapTieAware expected mAP@K when tied items are ordered uniformly at random (headline)
 * @param mapHashnet mAP@K over the queries with at least one relevant item in the top K
 * @param precisionAtN mean precision of the top N
 * @param precisionRadius2 mean precision within Hamming radius 2 (no item retrieved counts 0)
 * @param prPrecision precision within radius r = 0..K, over queries retrieving something
 * @param prRecall recall within radius r = 0..K, over all queries
 */
public record RetrievalMetrics(
    int numQueries,
    int numDatabase,
    int bits,
    Map<Integer, Double> map,
    Map<Integer, Double> mapTieAware,
    Map<Integer, Double> mapHashnet,
    Map<Integer, Double> precisionAtN,
    double precisionRadius2,
    List<Double> prPrecision,
    List<Double> prRecall) {

  /** Copies the collections (order-preserving, unmodifiable). */
  public RetrievalMetrics {
    map = copy(map);
    mapTieAware = copy(mapTieAware);
    mapHashnet = copy(mapHashnet);
    precisionAtN = copy(precisionAtN);
    prPrecision = List.copyOf(prPrecision);
    prRecall = List.copyOf(prRecall);
  }

  private static Map<Integer, Double> copy(Map<Integer, Double> m) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** Tie-aware mAP over the whole ranking, or NaN if "all" was not requested. */
  public double mapAll() {
    return mapTieAware.getOrDefault(-1, Double.NaN);
  }

  /** The "retrieval" object of metrics.json (see docs/metrics.md). */
  public RunMetrics.Retrieval toRetrieval() {
    return new RunMetrics.Retrieval(numQueries, numDatabase, bits, keyed(map), keyed(mapTieAware),
        keyed(mapHashnet), new TreeMap<>(precisionAtN), precisionRadius2,
        new RunMetrics.PrRadius(prPrecision, prRecall));
  }

  private static Map<String, Double> keyed(Map<Integer, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(EvalOptions.key(k), v));
    return out;
  }
}
