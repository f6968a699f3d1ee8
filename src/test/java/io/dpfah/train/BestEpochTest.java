package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** eval.select: best keeps the argmax of the validation mAPs, the earliest on ties. */
class BestEpochTest {

  private static int chosen(double... maps) {
    BestEpoch b = new BestEpoch();
    for (int e = 1; e <= maps.length; e++) {
      b.offer(e, maps[e - 1]);
    }
    return b.epoch();
  }

  @Test
  void theChosenEpochIsTheArgmaxWithTiesToTheEarliest() {
    assertEquals(3, chosen(0.41, 0.52, 0.63, 0.60, 0.58));
    assertEquals(1, chosen(0.9, 0.2, 0.3));
    assertEquals(5, chosen(0.1, 0.2, 0.3, 0.4, 0.5));
    assertEquals(2, chosen(0.4, 0.7, 0.7, 0.6), "a tie keeps the earlier epoch");
    assertEquals(3, chosen(Double.NaN, 0.2, 0.5, Double.NaN), "NaN never wins");
    assertEquals(0, chosen(Double.NaN), "no epoch when nothing is a number");
  }

  @Test
  void offerSaysWhenToKeepWeightsAndForgetsThoseOfTheReplacedEpoch() {
    BestEpoch b = new BestEpoch();
    assertTrue(b.offer(1, 0.3));
    b.keep(Map.of("w", new float[] {1f}));
    assertFalse(b.offer(2, 0.3));
    assertEquals(1f, b.weights().get("w")[0]);
    assertTrue(b.offer(3, 0.31));
    assertNull(b.weights(), "the new best's weights are the caller's to keep");
    assertEquals(0.31, b.map());
  }
}
