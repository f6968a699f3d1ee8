package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class InputStageTest {

  @Test
  void eachBatchIsStagedInOneReusedBuffer() {
    InputStage stage = new InputStage();
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] big = {1.5f, -2f, 3f, 4f, 5f, 6f};
      try (NDManager batch = m.newSubManager()) {
        NDArray a = stage.array(batch, big, new Shape(1, 2, 3));
        assertEquals(DataType.FLOAT32, a.getDataType());
        assertEquals(new Shape(1, 2, 3), a.getShape());
        assertArrayEquals(big, a.toFloatArray(), 0f);
        assertEquals(-2f, a.getFloat(0, 0, 1), 0f, "native byte order, row-major");
      }
      float[] small = {7f, 8f};
      try (NDManager batch = m.newSubManager()) {
        NDArray b = stage.array(batch, small, new Shape(2));
        assertArrayEquals(small, b.toFloatArray(), 0f, "a smaller batch reads only its values");
      }
      NDArray kept = stage.array(m, new float[] {1f, 2f}, new Shape(2));
      stage.array(m, new float[] {3f, 4f}, new Shape(2));
      assertArrayEquals(new float[] {3f, 4f}, kept.toFloatArray(), 0f,
          "one buffer: an array kept past the next batch sees the next batch's values");
      float[] bigger = new float[10];
      bigger[9] = 9f;
      try (NDManager batch = m.newSubManager()) {
        assertArrayEquals(bigger, stage.array(batch, bigger, new Shape(10)).toFloatArray(), 0f);
      }
      IllegalArgumentException bad =
          assertThrows(IllegalArgumentException.class, () -> stage.array(m, small, new Shape(3)));
      assertEquals("input batch of 2 values for shape (3)", bad.getMessage());
    }
  }
}
