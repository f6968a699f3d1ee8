package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import io.dpfah.spec.OptimSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** optim.backbone_lr_mult: one SGD step moves a backbone weight by mult× the plain step. */
class BackboneLrMultTest {

  private static float[] step(double mult, String id) {
    OptimSpec spec = new OptimSpec("sgd", 0.5, 0, 0, 2, 1, "none", 1, 0.1, 0, mult);
    var opt = Optimizers.create(spec, Tracker.fixed(0.5f), Set.of("backbone-w"));
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray w = m.create(new float[] {1f, -2f, 3f});
      NDArray g = m.create(new float[] {0.2f, 0.4f, -0.6f});
      opt.update(id, w, g);
      float[] after = w.toFloatArray();
      return new float[] {after[0] - 1f, after[1] + 2f, after[2] - 3f};
    }
  }

  @Test
  void backboneMovesByMultTimesThePlainStep() {
    float[] plain = step(1.0, "backbone-w");
    float[] scaled = step(0.1, "backbone-w");
    float[] head = step(0.1, "hash-w");
    for (int i = 0; i < 3; i++) {
      assertTrue(Math.abs(plain[i]) > 1e-3);
      assertEquals(0.1 * plain[i], scaled[i], 1e-6);
      assertEquals(plain[i], head[i], 1e-6);
    }
  }
}
