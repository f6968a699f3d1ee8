package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dpfah.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A forward pass carrying a probe shows it every attention input and computes the same output. */
class AttentionProbeTest {

  private static List<Object[]> probe(String backbone, String attention, String placement) {
    ModelSpec spec = new ModelSpec(backbone, "cifar", attention, 1e-4, 16, 7, placement);
    List<Object[]> seen = new ArrayList<>();
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      Engine.getEngine("PyTorch").setRandomSeed(3);
      ResNetBackbone net = new ResNetBackbone(spec);
      Shape shape = new Shape(2, 3, 8, 8);
      net.initialize(m, DataType.FLOAT32, shape);
      NDArray x = m.randomNormal(shape);
      float[] plain = net.forward(new ParameterStore(m, false), new NDList(x), false)
          .singletonOrThrow().toFloatArray();
      AttentionProbe probe = (module, input) -> seen.add(new Object[] {module.variant(),
          input.getShape(), input.mul(module.attentionMap(input)).toFloatArray()});
      float[] probed = net.forward(new ParameterStore(m, false), new NDList(x), false,
          probe.params()).singletonOrThrow().toFloatArray();
      assertArrayEquals(plain, probed, 0f, "the probe does not change the pass");
    }
    return seen;
  }

  @Test
  void resnet18ShowsEightModulesInBlockOrder() {
    List<Object[]> seen = probe("resnet18", "pfa", "auto");
    assertEquals(8, seen.size());
    long[][] shapes = {{2, 64, 8, 8}, {2, 64, 8, 8}, {2, 128, 4, 4}, {2, 128, 4, 4},
        {2, 256, 2, 2}, {2, 256, 2, 2}, {2, 512, 1, 1}, {2, 512, 1, 1}};
    for (int b = 0; b < 8; b++) {
      assertEquals("pfa", seen.get(b)[0]);
      assertArrayEquals(shapes[b], ((Shape) seen.get(b)[1]).getShape(), "block " + b);
    }
  }

  @Test
  void everyPlacementAndBottlenecksAreProbed() {
    for (String placement : List.of("conv2", "bn2", "output")) {
      assertEquals(8, probe("resnet18", "se", placement).size(), placement);
    }
    List<Object[]> bottleneck = probe("resnet50", "pfa", "auto");
    assertEquals(16, bottleneck.size());
  }
}
