package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Class-structured generated images that a small network learns in seconds. Each class has a
 * fixed random low-frequency prototype (a sum of three 2-D sinusoids per channel); an image is its
 * class prototype (or, multi-label, the average of the prototypes of its two classes) shifted by a
 * random cyclic offset of up to one pixel, plus Gaussian pixel noise. Everything derives from the
 * generator seed, so the data set is identical across runs.
 *
 * <p>Pool layout: the training block, then the query block, then the database block; inside a
 * block images are grouped by (primary) class. Train, query and database are disjoint.
 */
public final class SyntheticSource implements PredefinedSplits {
  /** Generator seed used by the registry: the data set is fixed, like a downloaded one. */
  public static final long DEFAULT_SEED = 0x5EED_DA7AL;

  private final int channels;
  private final int side;
  private final double noise;
  private final long seed;
  private final float[][] prototypes;
  private final int[][] classesOf;
  private final Labels labels;
  private final List<String> classNames;
  private final int nTrain;
  private final int nQuery;
  private final int nDb;
  private final Map<String, Object> provenance;

  /** Generates the pool described by {@code s} with images of {@code channels x side x side}. */
  public SyntheticSource(DataSpec.SyntheticSpec s, int channels, int side, long seed) {
    if (s == null) {
      throw new DataException("synthetic: data.synthetic settings are required");
    }
    if (s.classes() < 2 || (s.multiLabel() && s.classes() < 3)) {
      throw new DataException(
          "synthetic: data.synthetic.classes is " + s.classes() + ", expected at least "
              + (s.multiLabel() ? 3 : 2));
    }
    if (s.trainPerClass() <= 0 || s.queryPerClass() <= 0 || s.databasePerClass() <= 0) {
      throw new DataException("synthetic: per-class train/query/database counts must be positive");
    }
    this.channels = channels;
    this.side = side;
    this.noise = s.noise();
    this.seed = seed;
    int k = s.classes();
    SplittableRandom rnd = new SplittableRandom(seed);
    prototypes = new float[k][];
    for (int c = 0; c < k; c++) {
      prototypes[c] = prototype(rnd.split());
    }
    nTrain = k * s.trainPerClass();
    nQuery = k * s.queryPerClass();
    nDb = k * s.databasePerClass();
    int n = nTrain + nQuery + nDb;
    classesOf = new int[n][];
    int[] perBlock = {s.trainPerClass(), s.queryPerClass(), s.databasePerClass()};
    int i = 0;
    SplittableRandom lab = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    for (int per : perBlock) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < per; j++) {
          if (s.multiLabel() && lab.nextBoolean()) {
            int other = (c + 1 + lab.nextInt(k - 1)) % k;
            classesOf[i++] = new int[] {c, other};
          } else {
            classesOf[i++] = new int[] {c};
          }
        }
      }
    }
    if (s.multiLabel()) {
      byte[][] rows = new byte[n][k];
      for (int m = 0; m < n; m++) {
        for (int c : classesOf[m]) {
          rows[m][c] = 1;
        }
      }
      labels = Labels.ofMultiHot(rows);
    } else {
      labels = Labels.ofClassIds(IntStream.range(0, n).map(m -> classesOf[m][0]).toArray(), k);
    }
    classNames = IntStream.range(0, k).mapToObj(c -> "class" + c).toList();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("generatorSeed", seed);
    p.put("classes", k);
    p.put("trainPerClass", s.trainPerClass());
    p.put("queryPerClass", s.queryPerClass());
    p.put("databasePerClass", s.databasePerClass());
    p.put("noise", s.noise());
    p.put("multiLabel", s.multiLabel());
    p.put("imageShape", List.of(channels, side, side));
    provenance = Map.copyOf(p);
  }

  private float[] prototype(SplittableRandom r) {
    float[] p = new float[channels * side * side];
    for (int ch = 0; ch < channels; ch++) {
      double[] fx = new double[3];
      double[] fy = new double[3];
      double[] ph = new double[3];
      for (int t = 0; t < 3; t++) {
        fx[t] = r.nextInt(3);
        fy[t] = r.nextInt(3);
        if (fx[t] == 0 && fy[t] == 0) {
          fx[t] = 1;
        }
        ph[t] = r.nextDouble() * 2 * Math.PI;
      }
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          double v = 0;
          for (int t = 0; t < 3; t++) {
            v += Math.sin(2 * Math.PI * (fx[t] * x + fy[t] * y) / side + ph[t]);
          }
          float f = (float) v;
          p[(ch * side + y) * side + x] = f;
          min = Math.min(min, f);
          max = Math.max(max, f);
        }
      }
      float range = Math.max(1e-6f, max - min);
      for (int q = ch * side * side; q < (ch + 1) * side * side; q++) {
        p[q] = 0.15f + 0.7f * (p[q] - min) / range;
      }
    }
    return p;
  }

  @Override
  public RawImage image(int index) {
    SplittableRandom r = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + index);
    int dx = r.nextInt(3) - 1;
    int dy = r.nextInt(3) - 1;
    int[] cs = classesOf[index];
    byte[] out = new byte[channels * side * side];
    for (int ch = 0; ch < channels; ch++) {
      for (int y = 0; y < side; y++) {
        int sy = Math.floorMod(y + dy, side);
        for (int x = 0; x < side; x++) {
          int sx = Math.floorMod(x + dx, side);
          int q = (ch * side + sy) * side + sx;
          double v = 0;
          for (int c : cs) {
            v += prototypes[c][q];
          }
          v = v / cs.length + noise * gaussian(r);
          out[(ch * side + y) * side + x] = (byte) Math.round(255 * Math.min(1, Math.max(0, v)));
        }
      }
    }
    return new RawImage(channels, side, side, out);
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  @Override
  public int[] trainIndices() {
    return IntStream.range(0, nTrain).toArray();
  }

  @Override
  public int[] queryIndices() {
    return IntStream.range(nTrain, nTrain + nQuery).toArray();
  }

  @Override
  public int[] databaseIndices() {
    return IntStream.range(nTrain + nQuery, nTrain + nQuery + nDb).toArray();
  }

  @Override
  public Map<String, Object> splitProvenance() {
    return provenance;
  }

  @Override
  public int size() {
    return classesOf.length;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public String origin(int index) {
    return "synthetic image " + index;
  }
}
