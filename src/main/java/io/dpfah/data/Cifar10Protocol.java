package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The three CIFAR-10 hashing protocols of DeepHash-pytorch, for any single-label pool.
 *
 * <ul>
 *   <li>{@code cifar10}: per class, {@code queryPerClass} queries and {@code trainPerClass}
 *       training images drawn at random (seeded) from the whole pool; database = the rest
 *       (train excluded). Standard: 1,000 / 5,000 / 54,000.
 *   <li>{@code cifar10-1}: same draw; database = everything but the queries (train included).
 *       Standard: 1,000 / 5,000 / 59,000.
 *   <li>{@code cifar10-2}: query = the test part, train = database = the training part (needs a
 *       {@link TrainTestPool}); no randomness. Standard: 10,000 / 50,000 / 50,000.
 * </ul>
 *
 * <p>Draw: one {@code java.util.Random(seed)}; for classes 0, 1, ... in order, that class's pool
 * indices (ascending) are Fisher-Yates shuffled, the first {@code queryPerClass} become queries
 * and the next {@code trainPerClass} training images. Index arrays are returned sorted. The
 * provenance records seed, counts, and SHA-256 checksums of the three index arrays.
 */
public final class Cifar10Protocol implements Protocol {
  /** Which of the three protocols. */
  public enum Variant {
    /** 1,000 / 5,000 / 54,000. */
    CIFAR10("cifar10"),
    /** 1,000 / 5,000 / 59,000. */
    CIFAR10_1("cifar10-1"),
    /** 10,000 / 50,000 / 50,000. */
    CIFAR10_2("cifar10-2");

    private final String protocolName;

    Variant(String protocolName) {
      this.protocolName = protocolName;
    }

    /** The registry name. */
    public String protocolName() {
      return protocolName;
    }
  }

  private final Variant variant;
  private final int queryPerClass;
  private final int trainPerClass;

  /** The protocol with explicit per-class counts (registry: 100 and 500; unused by CIFAR10_2); {@code
   * DataSpec.queryPerClass/trainPerClass} override them when non-zero. */
  public Cifar10Protocol(Variant variant, int queryPerClass, int trainPerClass) {
    this.variant = variant;
    this.queryPerClass = queryPerClass;
    this.trainPerClass = trainPerClass;
  }

  @Override
  public RetrievalData split(ImageSource pool, DataSpec spec, long seed) {
    String name = variant.protocolName();
    int nq = spec.queryPerClass() > 0 ? spec.queryPerClass() : queryPerClass;
    int nt = spec.trainPerClass() > 0 ? spec.trainPerClass() : trainPerClass;
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("protocol", name);
    prov.put("poolSize", pool.size());
    int[] train;
    int[] query;
    int[] db;
    if (variant == Variant.CIFAR10_2) {
      if (!(pool instanceof TrainTestPool tt)) {
        throw new DataException(
            "protocol cifar10-2 needs a pool with a training and a test part (cifar10,"
                + " image-folder with train/ and test/)");
      }
      if (tt.trainSize() == pool.size()) {
        throw new DataException(
            "protocol cifar10-2: the pool has no test part (image-folder without test/?)");
      }
      train = IntStream.range(0, tt.trainSize()).toArray();
      query = IntStream.range(tt.trainSize(), pool.size()).toArray();
      db = train.clone();
      prov.put("poolTrainSize", tt.trainSize());
    } else {
      List<List<Integer>> by = Splits.byClass(pool, 0, pool.size(), name);
      int k = by.size();
      Random rnd = new Random(seed);
      query = new int[k * nq];
      train = new int[k * nt];
      for (int c = 0; c < k; c++) {
        int[] idx = by.get(c).stream().mapToInt(Integer::intValue).toArray();
        Splits.require(pool, c, idx.length, nq + nt, name,
            "(" + nq + " query + " + nt + " train)");
        for (int i = idx.length - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          int t = idx[i];
          idx[i] = idx[j];
          idx[j] = t;
        }
        System.arraycopy(idx, 0, query, c * nq, nq);
        System.arraycopy(idx, nq, train, c * nt, nt);
      }
      Arrays.sort(query);
      Arrays.sort(train);
      boolean[] out = new boolean[pool.size()];
      for (int q : query) {
        out[q] = true;
      }
      if (variant == Variant.CIFAR10) {
        for (int t : train) {
          out[t] = true;
        }
      }
      db = IntStream.range(0, pool.size()).filter(i -> !out[i]).toArray();
      prov.put("seed", seed);
      prov.put("queryPerClass", nq);
      prov.put("trainPerClass", nt);
      prov.put("draw", "java.util.Random(seed), per class in order, Fisher-Yates shuffle");
    }
    prov.put("trainClassCounts", Splits.classCounts(pool.labels(), train));
    prov.put("queryClassCounts", Splits.classCounts(pool.labels(), query));
    prov.put("databaseClassCounts", Splits.classCounts(pool.labels(), db));
    prov.put("trainSha256", Splits.checksum(train));
    prov.put("querySha256", Splits.checksum(query));
    prov.put("databaseSha256", Splits.checksum(db));
    return new RetrievalData(spec.dataset(), name, pool, train, query, db, -1, Map.copyOf(prov));
  }
}
