package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.MetricsFixtures;
import io.dpfah.results.ResultsReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class PairedComparisonTest {

  @TempDir Path exp;

  private static int row(Table t, String variant) {
    for (int r = 0; r < t.rowCount(); r++) {
      if (t.stringColumn("variant").get(r).equals(variant)) {
        return r;
      }
    }
    throw new AssertionError("no row " + variant);
  }

  /**
   * Differences pfa − none per seed are 0.01, 0.03, 0.02: mean 0.02, sample std 0.01, t = 0.02 /
   * (0.01 / √3) = 2√3 with 2 degrees of freedom, whose two-sided p-value has the closed form
   * {@code 1 − t / √(2 + t²)} = 1 − √(12/14) ≈ 0.07418.
   */
  @Test
  void pairsBySeedAndMatchesTheClosedFormTTest() {
    double[] none = {0.70, 0.72, 0.74};
    double[] pfa = {0.71, 0.75, 0.76};
    for (int s = 0; s < 3; s++) {
      MetricsFixtures.finishedRun(exp, "none", 32, s + 1, none[s], none[s], 1, 0, 1);
      MetricsFixtures.finishedRun(exp, "pfa", 32, s + 1, pfa[s], pfa[s], 1, 0, 1);
    }
    MetricsFixtures.finishedRun(exp, "se", 32, 2, 0.80, 0.80, 1, 0, 1);
    MetricsFixtures.finishedRun(exp, "se", 32, 9, 0.10, 0.10, 1, 0, 1);
    ExperimentResults res = ResultsReader.read(exp);
    Table t = Tables.all(res).get("paired_map_tie_aware_all");
    assertTrue(t.name().contains("against none"), t.name());
    int p = row(t, "pfa");
    assertEquals(3, t.intColumn("n pairs").get(p));
    assertEquals(0.02, t.doubleColumn("mean diff").get(p), 1e-12);
    assertEquals(0.01, t.doubleColumn("std diff").get(p), 1e-12);
    assertEquals(3, t.intColumn("seeds better").get(p));
    assertEquals(1 - Math.sqrt(12.0 / 14.0), t.doubleColumn("p (paired t)").get(p), 1e-9);
    int s = row(t, "se");
    assertEquals(1, t.intColumn("n pairs").get(s), "seed 9 has no baseline run to pair with");
    assertEquals(0.80 - 0.72, t.doubleColumn("mean diff").get(s), 1e-12);
    assertTrue(t.doubleColumn("std diff").isMissing(s));
    assertTrue(t.doubleColumn("p (paired t)").isMissing(s));
  }

  /** A method comparison (variants named after methods) is paired against dpfah, not csq. */
  @Test
  void aMethodComparisonIsPairedAgainstDpfah() {
    MetricsFixtures.finishedRun(exp, "csq", 32, 1, 0.70, 0.70, 1, 0, 1);
    MetricsFixtures.finishedRun(exp, "dpfah", 32, 1, 0.75, 0.75, 1, 0, 1);
    ExperimentResults res = ResultsReader.read(exp);
    assertEquals("dpfah", PairedComparison.baseline(res));
    Table t = Tables.all(res).get("paired_map_tie_aware_all");
    assertEquals(-0.05, t.doubleColumn("mean diff").get(row(t, "csq")), 1e-12);
  }

  @Test
  void captionsStateTheSeedCount() {
    for (int s = 1; s <= 3; s++) {
      MetricsFixtures.finishedRun(exp, "none", 32, s, 0.7, 0.7, 1, 0, 1);
      MetricsFixtures.finishedRun(exp, "pfa", 32, s, 0.7, 0.7, 1, 0, 1);
    }
    Map<String, Table> all = Tables.all(ResultsReader.read(exp));
    assertTrue(all.get("map_tie_aware_all").name().contains("over n = 3 seeds"),
        all.get("map_tie_aware_all").name());
    MetricsFixtures.finishedRun(exp, "pfa", 64, 1, 0.8, 0.8, 1, 0, 1);
    Table mixed = Tables.mapTable(ResultsReader.read(exp));
    assertTrue(mixed.name().contains("n per cell"), mixed.name());
    assertEquals("0.800 [n=1]", mixed.stringColumn("64 bits").get(row(mixed, "pfa")));
    assertEquals("0.700 ± 0.000 [n=3]", mixed.stringColumn("32 bits").get(row(mixed, "pfa")));
  }
}
