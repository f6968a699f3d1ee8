package io.dpfah.model;

import static io.dpfah.model.Ref.T;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CBAM and its spatial gate with hand-set weights against the CBAM reference written out in
 * plain Java ({@link Ref}): channel gate {@code Mc = sigmoid(mlp(avgpool x) + mlp(maxpool x))},
 * then the spatial gate {@code Ms = sigmoid(BN(conv_k([mean_c x', max_c x'])))} on
 * {@code x' = x·Mc}, output {@code x'·Ms}. Inference (attention map, BN on running statistics)
 * and training (BN on the batch statistics of the gate's single channel).
 */
class CbamReferenceTest {
  private static final double REL = 1e-5;

  private static Shape shape(T x) {
    return new Shape(x.shape()[0], x.shape()[1], x.shape()[2], x.shape()[3]);
  }

  private static void assertMatches(float[] expected, float[] actual, String what) {
    double diff = Ref.maxDiff(expected, actual);
    assertTrue(diff <= REL * Ref.maxAbs(expected), what + ": max deviation " + diff);
  }

  @Test
  void spatialGateHandExample() {
    // x: 1×2×1×2, channel 0 = [1, 3], channel 1 = [3, −1]. Mean over channels [2, 1], max [3, 3].
    // 1×1 conv with weights (mean 1, max −1): z = [2 − 3, 1 − 3] = [−1, −2]. Inference BN with
    // running mean 0, variance 1, γ 1, β 0: z / √(1 + 1e-5). Weights sigmoid(−0.999995) =
    // 0.26894236, sigmoid(−1.99999) = 0.11920397; output x · weights per position.
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      SpatialGate gate = new SpatialGate(2, 1);
      Shape in = new Shape(1, 2, 1, 2);
      gate.initialize(m, DataType.FLOAT32, in);
      Ref.set(gate, "conv", "weight", new double[] {1, -1});
      Ref.set(gate, "bn", "gamma", new double[] {1});
      Ref.set(gate, "bn", "beta", new double[] {0});
      Ref.set(gate, "bn", "runningMean", new double[] {0});
      Ref.set(gate, "bn", "runningVar", new double[] {1});
      NDArray x = m.create(new float[] {1, 3, 3, -1}, in);
      assertArrayEquals(new float[] {0.26894236f, 0.11920397f},
          gate.attentionMap(x).toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {0.26894236f, 3 * 0.11920397f, 3 * 0.26894236f,
          -0.11920397f}, gate.forward(new ParameterStore(m, false), new NDList(x), false)
          .singletonOrThrow().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void spatialGateMatchesTheReference() {
    Random rnd = new Random(11);
    T x = Ref.randomNormal(rnd, 1.0, 2, 3, 4, 5);
    T conv = Ref.randomNormal(rnd, 0.4, 1, 2, 3, 3);
    double gamma = 1.3;
    double beta = -0.2;
    double[] runMean = {0.15};
    double[] runVar = {2.0};
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      SpatialGate gate = new SpatialGate(3, 3);
      gate.initialize(m, DataType.FLOAT32, shape(x));
      Ref.set(gate, "conv", "weight", conv.v());
      Ref.set(gate, "bn", "gamma", new double[] {gamma});
      Ref.set(gate, "bn", "beta", new double[] {beta});
      Ref.set(gate, "bn", "runningMean", runMean);
      Ref.set(gate, "bn", "runningVar", runVar);
      NDArray in = m.create(x.floats(), shape(x));
      T evalMap = Ref.spatialWeights(x, conv, gamma, beta, runMean, runVar);
      assertMatches(evalMap.floats(), gate.attentionMap(in).toFloatArray(), "inference map");
      T trainOut = Ref.scaleSpatial(x, Ref.spatialWeights(x, conv, gamma, beta, null, null));
      float[] djl = gate.forward(new ParameterStore(m, false), new NDList(in), true)
          .singletonOrThrow().toFloatArray();
      assertMatches(trainOut.floats(), djl, "training forward (batch statistics)");
      assertTrue(Ref.maxDiff(trainOut.floats(), Ref.scaleSpatial(x, evalMap).floats()) > 1e-2,
          "batch and running statistics must give different outputs here");
    }
  }

  @Test
  void cbamMatchesTheReference() {
    Random rnd = new Random(5);
    int c = 4;
    int r = 2;
    T x = Ref.randomNormal(rnd, 1.0, 2, c, 4, 4);
    T w1 = Ref.randomNormal(rnd, 0.6, c / r, c);
    double[] b1 = Ref.uniform(rnd, c / r, -0.3, 0.3);
    T w2 = Ref.randomNormal(rnd, 0.6, c, c / r);
    double[] b2 = Ref.uniform(rnd, c, -0.3, 0.3);
    T conv = Ref.randomNormal(rnd, 0.4, 1, 2, 3, 3);
    double gamma = 0.8;
    double beta = 0.1;
    double[] runMean = {-0.1};
    double[] runVar = {1.5};

    double[][] avg = Ref.mlp(Ref.pool(x, false), w1, b1, w2, b2);
    double[][] max = Ref.mlp(Ref.pool(x, true), w1, b1, w2, b2);
    double[][] mc = new double[2][c];
    for (int n = 0; n < 2; n++) {
      for (int k = 0; k < c; k++) {
        mc[n][k] = Ref.sigmoid(avg[n][k] + max[n][k]);
      }
    }
    T refined = Ref.scaleChannels(x, mc);
    T evalOut = Ref.scaleSpatial(refined,
        Ref.spatialWeights(refined, conv, gamma, beta, runMean, runVar));
    T trainOut = Ref.scaleSpatial(refined,
        Ref.spatialWeights(refined, conv, gamma, beta, null, null));
    // the map is the overall weight Mc·Ms, i.e. output / x
    float[] evalMap = new float[x.v().length];
    for (int i = 0; i < evalMap.length; i++) {
      evalMap[i] = (float) (evalOut.v()[i] / x.v()[i]);
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Cbam cbam = new Cbam(c, r, 3);
      cbam.initialize(m, DataType.FLOAT32, shape(x));
      Ref.set(cbam, "fc1", "weight", w1.v());
      Ref.set(cbam, "fc1", "bias", b1);
      Ref.set(cbam, "fc2", "weight", w2.v());
      Ref.set(cbam, "fc2", "bias", b2);
      Ref.set(cbam, "spatial/conv", "weight", conv.v());
      Ref.set(cbam, "spatial/bn", "gamma", new double[] {gamma});
      Ref.set(cbam, "spatial/bn", "beta", new double[] {beta});
      Ref.set(cbam, "spatial/bn", "runningMean", runMean);
      Ref.set(cbam, "spatial/bn", "runningVar", runVar);
      NDArray in = m.create(x.floats(), shape(x));
      assertMatches(evalMap, cbam.attentionMap(in).toFloatArray(), "CBAM map Mc·Ms");
      assertMatches(evalOut.floats(), cbam.forward(new ParameterStore(m, false), new NDList(in),
          false).singletonOrThrow().toFloatArray(), "CBAM inference forward");
      assertMatches(trainOut.floats(), cbam.forward(new ParameterStore(m, false), new NDList(in),
          true).singletonOrThrow().toFloatArray(), "CBAM training forward");
      // the spatial gate must see the channel-refined map, not x itself
      T unrefined = Ref.scaleSpatial(refined,
          Ref.spatialWeights(x, conv, gamma, beta, runMean, runVar));
      assertTrue(Ref.maxDiff(unrefined.floats(), evalOut.floats()) > 1e-3,
          "gate on x and on x·Mc must differ for the check to mean something");
    }
  }
}
