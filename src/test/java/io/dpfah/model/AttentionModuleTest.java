package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttentionModuleTest {

  @Test
  void registryNames() {
    assertEquals(List.of("none", "pfa", "se", "cbam", "spatial"), AttentionRegistry.names());
  }

  /** Inference forward = x · attentionMap(x); the map has the documented broadcast shape. */
  @ParameterizedTest
  @CsvSource({
    "none, 1, 1, 1, 1",
    "pfa, 2, 32, 3, 3",
    "se, 2, 32, 1, 1",
    "spatial, 2, 1, 3, 3",
    "cbam, 2, 32, 3, 3"
  })
  void forwardMultipliesByTheMap(String variant, long b, long c, long h, long w) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      AttentionModule module = AttentionRegistry.create(Specs.spec(variant), 32);
      assertEquals(variant, module.variant());
      Shape input = new Shape(2, 32, 3, 3);
      module.initialize(m, DataType.FLOAT32, input);
      NDArray x = m.randomNormal(input);
      NDArray map = module.attentionMap(x);
      NDArray out = module.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
      assertEquals(input, out.getShape());
      if (!variant.equals("none")) {
        assertEquals(new Shape(b, c, h, w), map.getShape());
      }
      assertArrayEquals(x.mul(map).toFloatArray(), out.toFloatArray(), 1e-5f);
      float[] weights = map.toFloatArray();
      for (float v : weights) {
        assertEquals(true, v >= 0f && v <= 1f, variant + " weight outside [0, 1]: " + v);
      }
    }
  }

  @Test
  void seGateFollowsItsDefinition() {
    // SE with hand-set weights: C = 2, r = 2 → h = 1. fc1: w = [1, 1], b = 0; fc2: w = [[1], [-1]],
    // b = [0, 0]. x channel means = [1, 3] → z = relu(1 + 3) = 4 → s = sigmoid([4, -4]).
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      SqueezeExcitation se = new SqueezeExcitation(2, 2);
      Shape input = new Shape(1, 2, 1, 2);
      se.initialize(m, DataType.FLOAT32, input);
      var params = se.getParameters();
      params.get("01fc1_weight").getArray().set(new float[] {1, 1});
      params.get("01fc1_bias").getArray().set(new float[] {0});
      params.get("02fc2_weight").getArray().set(new float[] {1, -1});
      params.get("02fc2_bias").getArray().set(new float[] {0, 0});
      NDArray x = m.create(new float[] {0, 2, 3, 3}, input);
      float s4 = (float) (1 / (1 + Math.exp(-4)));
      assertArrayEquals(new float[] {s4, 1 - s4}, se.attentionMap(x).toFloatArray(), 1e-6f);
    }
  }
}
