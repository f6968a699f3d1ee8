package io.dpfah.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dpfah.data.Labels;
import io.dpfah.results.RunMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classification figures against hand-computed values. */
class ClassificationReportTest {

  /**
   * truth     0 0 0 1 1 2
   * predicted 0 0 1 1 2 2
   * confusion (rows truth, cols predicted): [[2,1,0],[0,1,1],[0,0,1]]; accuracy 4/6.
   * per class: c0 P=2/2 R=2/3 F1=0.8; c1 P=1/2 R=1/2 F1=0.5; c2 P=1/2 R=1 F1=2/3.
   * macro-F1 = (0.8 + 0.5 + 2/3)/3.
   */
  @Test
  void singleLabelMatchesHandComputation() {
    ClassificationReport r = ClassificationReport.of(new int[] {0, 0, 0, 1, 1, 2},
        new int[] {0, 0, 1, 1, 2, 2}, List.of("cat", "dog", "eel"));
    assertEquals(4.0 / 6, r.accuracy(), 1e-12);
    assertEquals((0.8 + 0.5 + 2.0 / 3) / 3, r.macroF1(), 1e-12);
    assertEquals(4.0 / 6, r.microF1(), 1e-12);
    assertArrayEquals(new int[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}, r.confusion());
    RunMetrics.Classification m = r.toClassification();
    assertEquals(List.of("cat", "dog", "eel"), m.labels());
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    assertEquals(List.of(List.of(2L, 1L, 0L), List.of(0L, 1L, 1L), List.of(0L, 0L, 1L)),
        m.confusion());
  }

  @Test
  void rejectsBadIds() {
    assertThrows(IllegalArgumentException.class,
        () -> ClassificationReport.of(new int[] {0, 3}, new int[] {0, 1}, List.of("a", "b")));
    assertThrows(IllegalArgumentException.class,
        () -> ClassificationReport.of(new int[] {0}, new int[] {0, 1}, List.of("a", "b")));
  }

  /**
   * truth {0,1}, {1}, {2}; predicted {0}, {1}, {1,2}.
   * label 0: tp1 fp0 fn0 -> F1 1; label 1: tp1 fp1 fn1 -> F1 0.5; label 2: tp1 -> F1 1.
   * micro: tp3 fp1 fn1 -> 6/8. exact matches: item 1 only -> 1/3.
   */
  @Test
  void multiLabelMatchesHandComputation() {
    Labels t = Labels.ofMultiHot(new byte[][] {{1, 1, 0}, {0, 1, 0}, {0, 0, 1}});
    Labels p = Labels.ofMultiHot(new byte[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 1}});
    ClassificationReport r = ClassificationReport.ofMultiLabel(t, p, List.of("a", "b", "c"));
    assertEquals(1.0 / 3, r.accuracy(), 1e-12);
    assertEquals(2.5 / 3, r.macroF1(), 1e-12);
    assertEquals(0.75, r.microF1(), 1e-12);
    assertArrayEquals(new int[] {0, 1, 1, 1}, r.confusion()[1], "label b: tn fp fn tp");
  }
}
