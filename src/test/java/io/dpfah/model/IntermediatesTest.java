package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntermediatesTest {

  @Test
  void intermediatesAreClosedAndGradientsStayTheSame() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      List<NDArray> seen = new ArrayList<>();
      SequentialBlock inner = new SequentialBlock()
          .add(list -> keep(seen, list.singletonOrThrow().mul(3)))
          .add(list -> list); // passes its input on: must not be closed as an intermediate
      SequentialBlock chain = new SequentialBlock()
          .add(list -> keep(seen, list.singletonOrThrow().square()))
          .add(inner)
          .add(list -> keep(seen, list.singletonOrThrow().sum()));
      NDArray x = m.create(new float[] {1, -2, 0.5f}, new Shape(3));
      x.setRequiresGradient(true);
      NDArray out;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        out = Intermediates.forward(chain, new ParameterStore(m, false), new NDList(x), true)
            .singletonOrThrow();
        gc.backward(out);
      }
      // out = sum(3 x²) = 3 (1 + 4 + 0.25) = 15.75; d/dx = 6x.
      assertEquals(15.75f, out.getFloat(), 1e-6f);
      assertArrayEquals(new float[] {6, -12, 3}, x.getGradient().toFloatArray(), 1e-6f);
      assertEquals(3, seen.size());
      assertTrue(seen.get(0).isReleased(), "x² closed once 3x² exists");
      assertTrue(seen.get(1).isReleased(), "3x² closed once the sum exists");
      assertFalse(seen.get(2).isReleased(), "the result stays open");
      assertFalse(x.isReleased(), "the input stays open");
    }
  }

  /**
   * A SequentialBlock subclass with its own forward (as the channels-last stem is) is run through
   * that forward, not entered child by child: here the subclass negates what its child computes.
   */
  @Test
  void aSubclassOfSequentialBlockRunsItsOwnForward() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      SequentialBlock negated = new SequentialBlock() {
        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
          return new NDList(super.forwardInternal(ps, inputs, training, params)
              .singletonOrThrow().neg());
        }
      };
      negated.add(list -> new NDList(list.singletonOrThrow().mul(2)));
      SequentialBlock chain = new SequentialBlock().add(negated);
      NDArray x = m.create(new float[] {1, -2}, new Shape(2));
      NDArray out = Intermediates.forward(chain, new ParameterStore(m, false), new NDList(x), false)
          .singletonOrThrow();
      assertArrayEquals(new float[] {-2, 4}, out.toFloatArray(), 0f);
    }
  }

  private static NDList keep(List<NDArray> seen, NDArray a) {
    seen.add(a);
    return new NDList(a);
  }
}
