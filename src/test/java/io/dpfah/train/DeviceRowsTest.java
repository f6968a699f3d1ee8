package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A device table is written in place and read as a view: a view taken before a write shows it
 * (a table re-created from host values per batch would not), rows written from a differentiated
 * value carry no autograd history, and batches leave no arrays behind in the table's manager.
 */
class DeviceRowsTest {

  private static void write(DeviceRows table, NDManager parent, int[] at, float[] values) {
    try (NDManager nd = parent.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray u = nd.create(values, new Shape(at.length, values.length / at.length));
      u.setRequiresGradient(true);
      table.write(table.index(nd, at), u.mul(u));
      gc.backward(u.sum().add(table.view(nd).sum()));
      float[] ones = new float[values.length];
      Arrays.fill(ones, 1f);
      assertArrayEquals(ones, u.getGradient().toFloatArray(),
          "no gradient may flow back through the table to the batch that wrote it");
    }
  }

  @Test
  void writesLandInPlaceAndViewsSeeThem() {
    try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
        DeviceRows table = new DeviceRows(root, 4, 2);
        NDManager keep = root.newSubManager()) {
      int arrays = root.getManagedArrays().size();
      write(table, root, new int[] {2, 0}, new float[] {1, 2, 3, 4});
      NDArray view = table.view(keep);
      assertArrayEquals(new float[] {9, 16, 0, 0, 1, 4, 0, 0}, view.toFloatArray());
      write(table, root, new int[] {0}, new float[] {5, 6});
      float[] expected = {25, 36, 0, 0, 1, 4, 0, 0};
      assertArrayEquals(expected, view.toFloatArray(), "the earlier view sees the later write");
      assertArrayEquals(expected, table.toFloatArray());
      assertEquals(arrays + 1, root.getManagedArrays().size(),
          "only the kept view is left beside the table");
    }
  }

  @Test
  void aPositionOutsideTheTableOrRepeatedIsRefused() {
    try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
        DeviceRows table = new DeviceRows(root, 3, 2)) {
      assertThrows(IllegalArgumentException.class, () -> table.index(root, new int[] {0, 3}));
      assertThrows(IllegalArgumentException.class, () -> table.index(root, new int[] {1, 0, 1}));
    }
  }
}
