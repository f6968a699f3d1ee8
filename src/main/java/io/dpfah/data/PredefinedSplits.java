package io.dpfah.data;

/** A pool that comes with its own train, query and database index arrays (list files, generator). */
public interface PredefinedSplits extends ImageSource {
  /** Pool indices of the training images. */
  int[] trainIndices();

  /** Pool indices of the queries. */
  int[] queryIndices();

  /** Pool indices of the retrieval database. */
  int[] databaseIndices();

  /** Files or settings that define the splits, for provenance. */
  java.util.Map<String, Object> splitProvenance();
}
