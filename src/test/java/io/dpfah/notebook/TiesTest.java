package io.dpfah.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.data.Labels;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.HashCodes;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TiesTest {

  @Test
  void allTiedExampleMatchesHandComputedAveragePrecision() {
    Table t = Ties.allTiedExample(4, 2);
    // relevant at ranks 1,2: (1/1 + 2/2)/2; at ranks 3,4: (1/3 + 2/4)/2
    assertEquals(1.0, t.doubleColumn("stable mAP").get(0), 1e-12);
    assertEquals((1.0 / 3 + 2.0 / 4) / 2, t.doubleColumn("stable mAP").get(1), 1e-12);
    // mean of (1/i + 2/j)/2 over the 6 position pairs i<j of 4
    double expected = 0;
    for (int i = 1; i <= 4; i++) {
      for (int j = i + 1; j <= 4; j++) {
        expected += (1.0 / i + 2.0 / j) / 2 / 6;
      }
    }
    assertEquals(expected, t.doubleColumn("tie-aware mAP").get(0), 1e-12);
    assertEquals(expected, t.doubleColumn("tie-aware mAP").get(1), 1e-12);
  }

  @Test
  void reorderingMovesOnlyTheStableFigure() {
    // 2-bit codes: every item ties with many others; two classes
    byte[] q = {1, 1, -1, -1};
    byte[] db = new byte[12 * 2];
    int[] dbLabels = new int[12];
    for (int j = 0; j < 12; j++) {
      boolean nearFirst = j % 3 != 0;
      db[2 * j] = (byte) (nearFirst ? 1 : -1);
      db[2 * j + 1] = (byte) (j % 2 == 0 ? 1 : -1);
      dbLabels[j] = j % 2;
    }
    EvalInputs.Loaded codes = new EvalInputs.Loaded(HashCodes.fromSigns(q, 2, 2),
        Labels.ofClassIds(new int[] {0, 1}, 2), HashCodes.fromSigns(db, 12, 2),
        Labels.ofClassIds(dbLabels, 2));
    Table t = Ties.orderBias(codes, -1);
    double first = t.doubleColumn("stable mAP").get(1);
    double last = t.doubleColumn("stable mAP").get(2);
    assertTrue(first > last + 0.05, t.print());
    double tieSaved = t.doubleColumn("tie-aware mAP").get(0);
    assertEquals(tieSaved, t.doubleColumn("tie-aware mAP").get(1), 1e-12);
    assertEquals(tieSaved, t.doubleColumn("tie-aware mAP").get(2), 1e-12);
  }

  @Test
  void subsetReordersCodes() {
    HashCodes c = HashCodes.fromSigns(new byte[] {1, 1, -1, -1, 1, -1}, 3, 2);
    HashCodes s = Ties.subset(c, new int[] {2, 0});
    assertEquals(2, s.size());
    assertEquals(0, s.distance(0, c, 2));
    assertEquals(0, s.distance(1, c, 0));
  }
}
