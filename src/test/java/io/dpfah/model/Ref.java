package io.dpfah.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Random;

/**
 * Plain-Java reference implementations (double precision loops over NCHW arrays, no DJL) of the
 * operations the blocks are made of, to check the blocks against values computed independently.
 */
final class Ref {
  /** DJL BatchNorm's default epsilon. */
  static final double BN_EPS = 1e-5;

  private Ref() {}

  /** A dense tensor in row-major (NCHW) order. */
  record T(int[] shape, double[] v) {
    static T zeros(int... shape) {
      int n = 1;
      for (int s : shape) {
        n *= s;
      }
      return new T(shape.clone(), new double[n]);
    }

    static T of(float[] values, int... shape) {
      double[] v = new double[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = values[i];
      }
      return new T(shape.clone(), v);
    }

    int dim(int i) {
      return shape[i];
    }

    /** Index of (b, c, y, x) in a 4-d tensor. */
    int at(int b, int c, int y, int x) {
      return ((b * shape[1] + c) * shape[2] + y) * shape[3] + x;
    }

    float[] floats() {
      float[] f = new float[v.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) v[i];
      }
      return f;
    }
  }

  /** Square convolution without bias, weight (Cout, Cin, k, k), zero padding. */
  static T conv(T x, T w, int stride, int pad) {
    int b = x.dim(0);
    int cin = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int cout = w.dim(0);
    int k = w.dim(2);
    int ho = (h + 2 * pad - k) / stride + 1;
    int wo = (wd + 2 * pad - k) / stride + 1;
    T out = T.zeros(b, cout, ho, wo);
    for (int n = 0; n < b; n++) {
      for (int o = 0; o < cout; o++) {
        for (int y = 0; y < ho; y++) {
          for (int xx = 0; xx < wo; xx++) {
            double s = 0;
            for (int c = 0; c < cin; c++) {
              for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                  int iy = y * stride - pad + dy;
                  int ix = xx * stride - pad + dx;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    s += x.v()[x.at(n, c, iy, ix)] * w.v()[((o * cin + c) * k + dy) * k + dx];
                  }
                }
              }
            }
            out.v()[out.at(n, o, y, xx)] = s;
          }
        }
      }
    }
    return out;
  }

  /**
   * BatchNorm in training mode: per channel, the batch mean and the biased batch variance over
   * (B, H, W), then γ·x̂ + β (PyTorch's {@code batch_norm(training=True)}).
   */
  static T batchNormTrain(T x, double[] gamma, double[] beta) {
    int c = x.dim(1);
    double[] mean = new double[c];
    double[] var = new double[c];
    int count = x.v().length / c;
    forEach(x, (i, ch) -> mean[ch] += x.v()[i] / count);
    forEach(x, (i, ch) -> var[ch] += Math.pow(x.v()[i] - mean[ch], 2) / count);
    T out = T.zeros(x.shape());
    forEach(x, (i, ch) -> out.v()[i] =
        gamma[ch] * (x.v()[i] - mean[ch]) / Math.sqrt(var[ch] + BN_EPS) + beta[ch]);
    return out;
  }

  /** BatchNorm in inference mode with the given running statistics. */
  static T batchNormEval(T x, double[] gamma, double[] beta, double[] mean, double[] var) {
    T out = T.zeros(x.shape());
    forEach(x, (i, ch) -> out.v()[i] =
        gamma[ch] * (x.v()[i] - mean[ch]) / Math.sqrt(var[ch] + BN_EPS) + beta[ch]);
    return out;
  }

  private interface IndexChannel {
    void accept(int index, int channel);
  }

  private static void forEach(T x, IndexChannel f) {
    int hw = x.dim(2) * x.dim(3);
    for (int i = 0; i < x.v().length; i++) {
      f.accept(i, (i / hw) % x.dim(1));
    }
  }

  static T relu(T x) {
    T out = T.zeros(x.shape());
    for (int i = 0; i < x.v().length; i++) {
      out.v()[i] = Math.max(0, x.v()[i]);
    }
    return out;
  }

  static T add(T a, T b) {
    T out = T.zeros(a.shape());
    for (int i = 0; i < a.v().length; i++) {
      out.v()[i] = a.v()[i] + b.v()[i];
    }
    return out;
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** SimAM / PFA as the README states it, per sample and channel over H×W. */
  static T pfa(T x, double lambda) {
    int hw = x.dim(2) * x.dim(3);
    int n = Math.max(hw - 1, 1);
    T out = T.zeros(x.shape());
    for (int base = 0; base < x.v().length; base += hw) {
      double mean = 0;
      for (int i = 0; i < hw; i++) {
        mean += x.v()[base + i] / hw;
      }
      double sum = 0;
      for (int i = 0; i < hw; i++) {
        sum += Math.pow(x.v()[base + i] - mean, 2);
      }
      for (int i = 0; i < hw; i++) {
        double d = Math.pow(x.v()[base + i] - mean, 2);
        double y = d / (4 * (sum / n + lambda)) + 0.5;
        out.v()[base + i] = x.v()[base + i] * sigmoid(y);
      }
    }
    return out;
  }

  /** Linear(C→h) → ReLU → Linear(h→C) on a (B, C) descriptor; weights (out, in). */
  static double[][] mlp(double[][] d, T w1, double[] b1, T w2, double[] b2) {
    int hidden = w1.dim(0);
    int c = w1.dim(1);
    double[][] out = new double[d.length][c];
    for (int n = 0; n < d.length; n++) {
      double[] h = new double[hidden];
      for (int j = 0; j < hidden; j++) {
        double s = b1[j];
        for (int i = 0; i < c; i++) {
          s += w1.v()[j * c + i] * d[n][i];
        }
        h[j] = Math.max(0, s);
      }
      for (int i = 0; i < c; i++) {
        double s = b2[i];
        for (int j = 0; j < hidden; j++) {
          s += w2.v()[i * hidden + j] * h[j];
        }
        out[n][i] = s;
      }
    }
    return out;
  }

  /** Per-sample, per-channel mean (max = false) or max (max = true) over H×W: (B, C). */
  static double[][] pool(T x, boolean max) {
    int hw = x.dim(2) * x.dim(3);
    double[][] out = new double[x.dim(0)][x.dim(1)];
    for (int n = 0; n < x.dim(0); n++) {
      for (int c = 0; c < x.dim(1); c++) {
        double acc = max ? Double.NEGATIVE_INFINITY : 0;
        for (int i = 0; i < hw; i++) {
          double v = x.v()[(n * x.dim(1) + c) * hw + i];
          acc = max ? Math.max(acc, v) : acc + v / hw;
        }
        out[n][c] = acc;
      }
    }
    return out;
  }

  /** x scaled per (sample, channel) by {@code s} (B, C). */
  static T scaleChannels(T x, double[][] s) {
    int hw = x.dim(2) * x.dim(3);
    T out = T.zeros(x.shape());
    for (int i = 0; i < x.v().length; i++) {
      int n = i / (x.dim(1) * hw);
      int c = (i / hw) % x.dim(1);
      out.v()[i] = x.v()[i] * s[n][c];
    }
    return out;
  }

  /** SE: sigmoid(mlp(avgpool(x))) per channel, times x. */
  static T se(T x, T w1, double[] b1, T w2, double[] b2) {
    double[][] z = mlp(pool(x, false), w1, b1, w2, b2);
    for (double[] row : z) {
      for (int c = 0; c < row.length; c++) {
        row[c] = sigmoid(row[c]);
      }
    }
    return scaleChannels(x, z);
  }

  /**
   * The spatial gate's weights (B, 1, H, W): channel-wise mean and max stacked as 2 channels
   * (mean first, as dpfah's SpatialGate documents), k×k conv (pad k/2, no bias), BN, sigmoid.
   * {@code runningMean == null} means BN in training mode.
   */
  static T spatialWeights(T x, T conv, double gamma, double beta, double[] runningMean,
      double[] runningVar) {
    int b = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int w = x.dim(3);
    T pooled = T.zeros(b, 2, h, w);
    for (int n = 0; n < b; n++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          double mean = 0;
          double max = Double.NEGATIVE_INFINITY;
          for (int ch = 0; ch < c; ch++) {
            double v = x.v()[x.at(n, ch, y, xx)];
            mean += v / c;
            max = Math.max(max, v);
          }
          pooled.v()[pooled.at(n, 0, y, xx)] = mean;
          pooled.v()[pooled.at(n, 1, y, xx)] = max;
        }
      }
    }
    T z = conv(pooled, conv, 1, conv.dim(2) / 2);
    T bn = runningMean == null
        ? batchNormTrain(z, new double[] {gamma}, new double[] {beta})
        : batchNormEval(z, new double[] {gamma}, new double[] {beta}, runningMean, runningVar);
    for (int i = 0; i < bn.v().length; i++) {
      bn.v()[i] = sigmoid(bn.v()[i]);
    }
    return bn;
  }

  /** x (B, C, H, W) times a (B, 1, H, W) map. */
  static T scaleSpatial(T x, T map) {
    int hw = x.dim(2) * x.dim(3);
    T out = T.zeros(x.shape());
    for (int i = 0; i < x.v().length; i++) {
      int n = i / (x.dim(1) * hw);
      out.v()[i] = x.v()[i] * map.v()[n * hw + i % hw];
    }
    return out;
  }

  static T randomNormal(Random rnd, double std, int... shape) {
    T t = T.zeros(shape);
    for (int i = 0; i < t.v().length; i++) {
      t.v()[i] = rnd.nextGaussian() * std;
    }
    return t;
  }

  static double[] uniform(Random rnd, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * rnd.nextDouble();
    }
    return v;
  }

  static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  /**
   * Sets parameter {@code name} of the block at {@code path} below {@code root}; path segments
   * are child names without DJL's two-digit prefix ({@code "attention/fc1"}).
   */
  static void set(Block root, String path, String name, double[] values) {
    Block b = root;
    for (String seg : path.isEmpty() ? new String[0] : path.split("/")) {
      Block next = null;
      for (Pair<String, Block> c : b.getChildren()) {
        if (c.getKey().substring(2).equals(seg)) {
          next = c.getValue();
        }
      }
      if (next == null) {
        throw new AssertionError("no child " + seg + " in " + path);
      }
      b = next;
    }
    for (Pair<String, Parameter> p : b.getDirectParameters()) {
      if (p.getKey().equals(name)) {
        if (p.getValue().getArray().size() != values.length) {
          throw new AssertionError(path + "." + name + ": " + p.getValue().getArray().getShape()
              + " but " + values.length + " values");
        }
        p.getValue().getArray().set(floats(values));
        return;
      }
    }
    throw new AssertionError("no parameter " + name + " in " + path);
  }

  /** max |a − b| over two arrays. */
  static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
