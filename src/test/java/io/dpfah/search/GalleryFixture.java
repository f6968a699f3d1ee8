package io.dpfah.search;

import io.dpfah.eval.Npy;
import io.dpfah.results.MetricsFixtures;
import java.nio.file.Path;

/**
 * A finished run folder with hand-made codes and labels over a small synthetic data set (no
 * model): 6 queries, 12 database items, 8 bits. Every query code is all -1 bits, so a database
 * item's distance is the number of +1 bits in its code; database item j has {@link #DB_ONES}[j]
 * of them and label {@code j % 2}; query q has label {@code q % 2}. Ranked by (distance, index)
 * the top 10 are rows {@link #TOP10}, at distances {@link #TOP10_DISTANCE}.
 */
public final class GalleryFixture {
  /** +1 bits of each database code, hence its distance to every query. */
  public static final int[] DB_ONES = {3, 0, 1, 1, 8, 2, 5, 4, 6, 7, 2, 0};
  /** The expected top 10: distance first, then lower row. */
  public static final int[] TOP10 = {1, 11, 2, 3, 5, 10, 0, 7, 6, 8};
  /** Their distances. */
  public static final int[] TOP10_DISTANCE = {0, 0, 1, 1, 2, 2, 3, 4, 5, 6};
  /** Number of queries. */
  public static final int QUERIES = 6;
  /** Code length. */
  public static final int BITS = 8;

  private static final String SPEC = """
      name: gallery
      seed: 3
      data:
        dataset: synthetic
        image_size: 8
        normalization: none
        synthetic: {classes: 2, train_per_class: 2, query_per_class: 3, database_per_class: 6}
      model: {stem: cifar}
      hash: {bits: 8}
      """;

  private GalleryFixture() {}

  /** Writes a finished run with spec, metrics, codes and labels under {@code exp}; returns it. */
  public static Path write(Path exp) {
    Path run = MetricsFixtures.finishedRun(exp, "pfa", BITS, 1, 0.5, 0.5, 11_000_000, 0, 10);
    MetricsFixtures.write(run.resolve("spec.yaml"), SPEC);
    byte[] queries = new byte[QUERIES * BITS];
    java.util.Arrays.fill(queries, (byte) -1);
    int[] queryLabels = new int[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      queryLabels[q] = q % 2;
    }
    byte[] db = new byte[DB_ONES.length * BITS];
    int[] dbLabels = new int[DB_ONES.length];
    for (int j = 0; j < DB_ONES.length; j++) {
      for (int b = 0; b < BITS; b++) {
        db[j * BITS + b] = (byte) (b < DB_ONES[j] ? 1 : -1);
      }
      dbLabels[j] = j % 2;
    }
    Npy.writeInt8(run.resolve("query_codes.npy"), queries, QUERIES, BITS);
    Npy.writeInt32(run.resolve("query_labels.npy"), queryLabels, QUERIES);
    Npy.writeInt8(run.resolve("db_codes.npy"), db, DB_ONES.length, BITS);
    Npy.writeInt32(run.resolve("db_labels.npy"), dbLabels, DB_ONES.length);
    return run;
  }
}
