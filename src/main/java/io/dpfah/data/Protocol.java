package io.dpfah.data;

import io.dpfah.spec.DataSpec;

/** A retrieval protocol: splits a pool into train, query and database index arrays. */
@FunctionalInterface
public interface Protocol {
  /**
   * Splits {@code pool}; random protocols draw with {@code seed} and record what a rerun needs in
   * {@link RetrievalData#provenance()}.
   */
  RetrievalData split(ImageSource pool, DataSpec spec, long seed);
}
