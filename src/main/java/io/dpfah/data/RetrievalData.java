package io.dpfah.data;

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
 */
public record RetrievalData(
    String name,
    String protocol,
    ImageSource pool,
    int[] train,
    int[] query,
    int[] database,
    int defaultTopK,
    Map<String, Object> provenance) {}
