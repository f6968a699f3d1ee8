package io.dpfah.search;

import io.dpfah.data.DataException;
import io.dpfah.data.DatasetRegistry;
import io.dpfah.data.ImageSource;
import io.dpfah.data.ProtocolRegistry;
import io.dpfah.data.RawImage;
import io.dpfah.data.RetrievalData;
import io.dpfah.data.Splits;
import io.dpfah.spec.DataSpec;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A run's data set rebuilt from its {@code spec.yaml} (the {@code data} section and the seed):
 * the image pool and the protocol's query and database pool indices, in the row order of
 * {@code query_codes.npy} and {@code db_codes.npy}. The splits are checked against the checksums
 * {@code data.json} recorded, so changed data files give an error rather than wrong images.
 *
 * @param pool every image of the data set
 * @param query pool index of each query row
 * @param database pool index of each database row
 */
public record RunData(ImageSource pool, int[] query, int[] database) {

  /** Copies the index arrays. */
  public RunData {
    query = query.clone();
    database = database.clone();
  }

  @Override
  public int[] query() {
    return query.clone();
  }

  @Override
  public int[] database() {
    return database.clone();
  }

  /** Pool index of database row {@code row}. */
  public int databasePoolIndex(int row) {
    return database[row];
  }

  /** Pool index of query row {@code row}. */
  public int queryPoolIndex(int row) {
    return query[row];
  }

  /** The image of database row {@code row}. */
  public RawImage databaseImage(int row) {
    return image(database[row]);
  }

  /** The image of query row {@code row}. */
  public RawImage queryImage(int row) {
    return image(query[row]);
  }

  private RawImage image(int poolIndex) {
    try {
      return pool.image(poolIndex);
    } catch (IOException e) {
      throw new DataException(pool.origin(poolIndex) + ": cannot read image: " + e.getMessage(), e);
    }
  }

  /**
   * Opens data sets, keeping each pool for reuse: the runs of one experiment usually share
   * theirs. Not thread-safe.
   */
  public static final class Loader {
    private final Map<DataSpec, ImageSource> pools = new HashMap<>();

    /**
     * Rebuilds the splits of {@code run}.
     *
     * @throws DataException when the data set is missing or its splits differ from the run's
     */
    public RunData load(RunFolder run) {
      DataSpec spec = run.spec().data();
      ImageSource pool = pools.get(spec);
      if (pool == null) {
        pool = DatasetRegistry.open(spec);
        pools.put(spec, pool);
      }
      RetrievalData split = ProtocolRegistry.get(spec.protocol()).split(pool, spec,
          run.spec().seed());
      check(run, "querySha256", split.query(), "query");
      check(run, "databaseSha256", split.database(), "database");
      return new RunData(pool, split.query(), split.database());
    }

    private static void check(RunFolder run, String field, int[] indices, String what) {
      String recorded = run.dataChecksum(field);
      if (recorded != null && !recorded.equals(Splits.checksum(indices))) {
        throw new DataException(run.file(RunFolder.DATA_FILE) + ": the " + what + " split rebuilt"
            + " from " + RunFolder.SPEC_FILE + " differs from the one the run used (" + field
            + "); the data set's files have changed");
      }
    }
  }
}
