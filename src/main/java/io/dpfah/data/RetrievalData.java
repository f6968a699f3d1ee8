package io.dpfah.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data set split by a retrieval protocol: index arrays into one image pool.
 *
 * @param name data set name
 * @param protocol protocol name
 * @param pool all images
 * @param train pool indices used for training
 * @param query pool indices of the queries
 * @param database pool indices of the retrieval database
 * @param defaultTopK the protocol's customary mAP cut-off (-1 = all)
 * @param provenance what a rerun needs to reproduce the split exactly (seed, files, counts)
 * @param validation pool indices of the validation split carved from the training images
 *     ({@code data.validation_per_class}), disjoint from {@code train}; empty when there is none
 */
public record RetrievalData(
    String name,
    String protocol,
    ImageSource pool,
    int[] train,
    int[] query,
    int[] database,
    int defaultTopK,
    Map<String, Object> provenance,
    int[] validation) {

  /** A split without validation images. */
  public RetrievalData(String name, String protocol, ImageSource pool, int[] train, int[] query,
      int[] database, int defaultTopK, Map<String, Object> provenance) {
    this(name, protocol, pool, train, query, database, defaultTopK, provenance, new int[0]);
  }

  /**
   * This split with {@code perClass} training images of every class moved into the validation
   * split ({@link ValidationSplit}); the provenance records both.
   *
   * @throws DataException when a class has no more than {@code perClass} training images
   */
  public RetrievalData withValidation(int perClass, long seed) {
    ValidationSplit v = ValidationSplit.carve(pool, train, perClass, seed);
    Map<String, Object> prov = new LinkedHashMap<>(provenance);
    prov.put("validationPerClass", perClass);
    prov.put("trainSha256", Splits.checksum(v.train()));
    prov.put("validationSha256", Splits.checksum(v.validation()));
    return new RetrievalData(name, protocol, pool, v.train(), query, database, defaultTopK,
        Map.copyOf(prov), v.validation());
  }
}
