package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic Fashion-MNIST hashing protocol: query = the first {@code queryPerClass}
 * images of each class in the test part, train = the first {@code trainPerClass} of each class in
 * the training part, database = every pool image that is not a query (so train lies inside the
 * database). Standard counts 100 / 500 give 1,000 / 5,000 / 69,000. No randomness.
 */
public final class FmnistHashProtocol implements Protocol {
  private final int queryPerClass;
  private final int trainPerClass;

  /**
   * The protocol with explicit per-class counts (the registry uses 100 and 500); {@code
   * DataSpec.queryPerClass/trainPerClass} override them when non-zero.
   */
  public FmnistHashProtocol(int queryPerClass, int trainPerClass) {
    this.queryPerClass = queryPerClass;
    this.trainPerClass = trainPerClass;
  }

  @Override
  public RetrievalData split(ImageSource pool, DataSpec spec, long seed) {
    if (!(pool instanceof TrainTestPool tt)) {
      throw new DataException(
          "protocol fmnist-hash needs a pool with a training and a test part (fashion-mnist,"
              + " cifar10, image-folder)");
    }
    int nq = spec.queryPerClass() > 0 ? spec.queryPerClass() : queryPerClass;
    int nt = spec.trainPerClass() > 0 ? spec.trainPerClass() : trainPerClass;
    int nTrain = tt.trainSize();
    List<List<Integer>> testBy = Splits.byClass(pool, nTrain, pool.size(), "fmnist-hash");
    List<List<Integer>> trainBy = Splits.byClass(pool, 0, nTrain, "fmnist-hash");
    int k = testBy.size();
    int[] query = new int[k * nq];
    int[] train = new int[k * nt];
    for (int c = 0; c < k; c++) {
      Splits.require(pool, c, testBy.get(c).size(), nq, "fmnist-hash",
          "in the test part");
      Splits.require(pool, c, trainBy.get(c).size(), nt, "fmnist-hash",
          "in the training part");
      for (int j = 0; j < nq; j++) {
        query[c * nq + j] = testBy.get(c).get(j);
      }
      for (int j = 0; j < nt; j++) {
        train[c * nt + j] = trainBy.get(c).get(j);
      }
    }
    Arrays.sort(query);
    Arrays.sort(train);
    boolean[] isQuery = new boolean[pool.size()];
    for (int q : query) {
      isQuery[q] = true;
    }
    int[] db = new int[pool.size() - query.length];
    for (int i = 0, d = 0; i < pool.size(); i++) {
      if (!isQuery[i]) {
        db[d++] = i;
      }
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("protocol", "fmnist-hash");
    prov.put("queryPerClass", nq);
    prov.put("trainPerClass", nt);
    prov.put("poolSize", pool.size());
    prov.put("poolTrainSize", nTrain);
    prov.put("trainSha256", Splits.checksum(train));
    prov.put("querySha256", Splits.checksum(query));
    prov.put("databaseSha256", Splits.checksum(db));
    return new RetrievalData(
        spec.dataset(), "fmnist-hash", pool, train, query, db, 1000, Map.copyOf(prov));
  }
}
