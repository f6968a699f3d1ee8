package io.dpfah.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DPSH's memory after two training steps holds the rows written, by hand: the batch's codes and
 * labels at its positions, zeros elsewhere, the later write winning. The batch reads it as a
 * view of the device table, so a view kept from the first step already shows the second step's
 * rows, and the steps leave no arrays behind in the method's managers.
 */
class MemoryOnDeviceTest {
  private static final int N = 4;
  private static final int BITS = 2;
  private static final int CLASSES = 3;

  private static void step(Method m, NDManager parent, int[] at, float[] u, float[] y) {
    try (NDManager nd = parent.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray ua = nd.create(u, new Shape(at.length, BITS));
      ua.setRequiresGradient(true);
      Method.Result r = m.loss(new MethodBatch(nd, ua, null,
          nd.create(y, new Shape(at.length, CLASSES)), at));
      gc.backward(r.total());
    }
  }

  @Test
  void dpshWritesItsRowsIntoTheDeviceTable() {
    String yaml = "name: s\ndata: {dataset: synthetic}\nhash: {bits: 8}\n"
        + "method: dpsh\n";
    ExperimentSpec spec = SpecLoader.parse(yaml, "s.yaml", List.of());
    try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
        MemoryMethod m = (MemoryMethod) MethodRegistry.get("dpsh").create(new MethodContext(
            spec.method(), BITS, CLASSES, N, false, 5, spec, null, null, root));
        NDManager keep = root.newSubManager()) {
      int arrays = root.getManagedArrays().size();
      step(m, root, new int[] {3, 1}, new float[] {0.5f, -0.25f, 0.75f, 1}, new float[] {
          0, 1, 0,
          1, 0, 0});
      NDArray kept = m.memory().codes(keep);
      step(m, root, new int[] {3}, new float[] {-1, 0.125f}, new float[] {0, 0, 1});
      float[] codes = {0, 0, 0.75f, 1, 0, 0, -1, 0.125f};
      assertArrayEquals(codes, m.memory().hostCodes());
      assertArrayEquals(codes, kept.toFloatArray(), "the first step's view shows the second's");
      assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
          m.memory().hostLabels());
      assertEquals(arrays + 1, root.getManagedArrays().size(), "only the kept view is added");
    }
  }
}
