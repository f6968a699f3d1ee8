package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Protocols whose splits come with the pool ({@link PredefinedSplits}): {@code lists} (list
 * files) and {@code synthetic} (generator blocks).
 */
public final class PredefinedProtocol implements Protocol {
  /**
   * The {@code lists} protocol; default top-K by label columns as in DeepHash-pytorch: 21 or 81
   * (NUS-WIDE) and 80 (COCO) give 5000, 100 (ImageNet-100) gives 1000, anything else all (-1).
   */
  public static final PredefinedProtocol LISTS =
      new PredefinedProtocol("lists", PredefinedProtocol::listsTopK);

  /** The {@code synthetic} protocol (train, query and database disjoint; top-K = all). */
  public static final PredefinedProtocol SYNTHETIC = new PredefinedProtocol("synthetic", c -> -1);

  private final String name;
  private final IntUnaryOperator topKByColumns;

  private PredefinedProtocol(String name, IntUnaryOperator topKByColumns) {
    this.name = name;
    this.topKByColumns = topKByColumns;
  }

  /** Default top-K of the {@code lists} protocol for a label vector of {@code columns}. */
  public static int listsTopK(int columns) {
    return switch (columns) {
      case 21, 81, 80 -> 5000;
      case 100 -> 1000;
      default -> -1;
    };
  }

  @Override
  public RetrievalData split(ImageSource pool, DataSpec spec, long seed) {
    if (!(pool instanceof PredefinedSplits ps)) {
      throw new DataException(
          "protocol " + name + " needs a data set that defines its own splits ("
              + (name.equals("lists") ? "image-list" : "synthetic") + "), got '"
              + spec.dataset() + "'");
    }
    int[] train = ps.trainIndices();
    int[] query = ps.queryIndices();
    int[] db = ps.databaseIndices();
    Map<String, Object> prov = new LinkedHashMap<>(ps.splitProvenance());
    prov.put("protocol", name);
    prov.put("trainSha256", Splits.checksum(train));
    prov.put("querySha256", Splits.checksum(query));
    prov.put("databaseSha256", Splits.checksum(db));
    return new RetrievalData(
        spec.dataset(), name, pool, train, query, db,
        topKByColumns.applyAsInt(pool.labels().numClasses()), Map.copyOf(prov));
  }
}
