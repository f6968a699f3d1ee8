package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.report.Tables.MapKind;
import io.dpfah.results.ExperimentResults;
import io.dpfah.results.ResultsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class TablesTest {

  @TempDir Path exp;
  ExperimentResults res;

  @BeforeEach
  void setUp() {
    SweepFixture.write(exp);
    res = ResultsReader.read(exp);
  }

  private static String cell(Table t, String variant, String column) {
    for (int r = 0; r < t.rowCount(); r++) {
      if (t.stringColumn("variant").get(r).equals(variant)) {
        return Tables.text(t.column(column), r);
      }
    }
    throw new AssertionError("no row " + variant + " in " + t.name());
  }

  @Test
  void headlineMeanAndSampleStdOverSeeds() {
    Table t = Tables.mapTable(res);
    assertEquals(List.of("variant", "16 bits", "32 bits"), t.columnNames());
    assertEquals(List.of("none", "pfa", "se"), t.stringColumn("variant").asList());
    // none@16: mean .53; deviations -.03 0 .03 -> sqrt(.0018/2) = .030
    assertTrue(t.name().contains("n per cell"), t.name());
    assertEquals("0.530 ± 0.030 [n=3]", cell(t, "none", "16 bits"));
    // none@32: mean .64; deviations -.03 .01 .02 -> sqrt(.0014/2) = .02646 (n would give .022)
    assertEquals("0.640 ± 0.026 [n=3]", cell(t, "none", "32 bits"));
    // pfa@16: two seeds .55 .60 -> mean .575, std sqrt(2*.025^2/1) = .03536
    assertEquals("0.575 ± 0.035 [n=2]", cell(t, "pfa", "16 bits"));
    // pfa@32: the failed seed 4 (0.99) is excluded -> .72 ± .02, not .7875
    assertEquals("0.720 ± 0.020 [n=3]", cell(t, "pfa", "32 bits"));
    assertEquals("0.600 [n=1]", cell(t, "se", "16 bits"));
    assertEquals(Tables.MISSING, cell(t, "se", "32 bits"));
  }

  @Test
  void companionTables() {
    assertEquals("0.550 ± 0.030 [n=3]",
        cell(Tables.mapTable(res, MapKind.STABLE, "all"), "none", "16 bits"));
    // mAP@1000 fixtures are tie - 0.1
    assertEquals("0.430 ± 0.030 [n=3]",
        cell(Tables.mapTable(res, MapKind.TIE_AWARE, "1000"), "none", "16 bits"));
    Table combined = Tables.mapCombinedTable(res, "all");
    assertEquals("0.530 (0.550) [n=3]", cell(combined, "none", "16 bits"));
    assertEquals("0.720 (0.730) [n=3]", cell(combined, "pfa", "32 bits"));
    Table pan = Tables.precisionAtNTable(res, 32);
    assertEquals(List.of("variant", "P@1", "P@100"), pan.columnNames());
    assertEquals(List.of("none", "pfa"), pan.stringColumn("variant").asList());
    assertEquals("0.820 ± 0.020", cell(pan, "pfa", "P@1"));
    assertEquals("0.770 ± 0.020", cell(pan, "pfa", "P@100"));
    assertEquals("0.520 ± 0.020 [n=3]", cell(Tables.precisionRadius2Table(res), "pfa", "32 bits"));
    assertEquals(List.of("all", "1000"), MapKind.TIE_AWARE.cutoffs(res));
  }

  /** Fixture values: mAP@1000 = tie-aware − 0.1, P@r≤2 = tie-aware − 0.2. */
  @Test
  void comparisonTableHasThreeFiguresPerCodeLength() {
    Table t = Tables.comparisonTable(res);
    assertEquals(List.of("variant", "16 bits mAP@all", "16 bits mAP@1000", "16 bits P@r≤2",
        "32 bits mAP@all", "32 bits mAP@1000", "32 bits P@r≤2"), t.columnNames());
    int pfa = t.stringColumn("variant").asList().indexOf("pfa");
    assertEquals(0.72, t.doubleColumn("32 bits mAP@all").get(pfa), 1e-12);
    assertEquals(0.62, t.doubleColumn("32 bits mAP@1000").get(pfa), 1e-12);
    assertEquals(0.52, t.doubleColumn("32 bits P@r≤2").get(pfa), 1e-12);
    int se = t.stringColumn("variant").asList().indexOf("se");
    assertEquals(0.6, t.doubleColumn("16 bits mAP@all").get(se), 1e-12);
    assertTrue(t.doubleColumn("32 bits mAP@all").isMissing(se));
  }

  @Test
  void parameterAndTimingTables() {
    Table p = Tables.parameterTable(res);
    assertEquals(List.of("variant", "attention params", "Δ total vs none",
        "total params (16 bits)", "total params (32 bits)"), p.columnNames());
    assertEquals("50000", cell(p, "se", "Δ total vs none"));
    assertEquals("0", cell(p, "pfa", "Δ total vs none"));
    assertEquals("50000", cell(p, "se", "attention params"));
    assertEquals("11010000", cell(p, "pfa", "total params (32 bits)"));
    assertEquals("", cell(p, "se", "total params (32 bits)"));
    Table t = Tables.timingTable(res);
    assertEquals(5, t.rowCount());
    assertEquals("12.0 ± 2.0", t.stringColumn("train s").get(0));
    assertEquals("400 ± 0", t.stringColumn("train images/s").get(0));
  }

  @Test
  void runsTableListsEveryFolderWithStatus() {
    Table runs = Tables.runsTable(res);
    assertEquals(14, runs.rowCount()); // 12 finished + 1 failed + 1 unfinished
    assertEquals(1, runs.stringColumn("status").isEqualTo("failed").size());
    assertEquals(1, runs.stringColumn("status").isEqualTo("unfinished").size());
    assertTrue(runs.stringColumn("error").contains("NaN loss at epoch 3"));
  }

  @Test
  void markdownAndCsv() throws Exception {
    String md = Tables.toMarkdown(Tables.mapTable(res));
    List<String> lines = md.lines().toList();
    assertEquals(5, lines.size());
    assertTrue(lines.get(0).matches("\\| variant +\\| 16 bits +\\| 32 bits +\\|"), lines.get(0));
    assertTrue(lines.get(1).matches("\\| -+ \\| -+ \\| -+ \\|"), lines.get(1));
    assertTrue(lines.get(3).contains("| 0.575 ± 0.035 [n=2]"), lines.get(3));
    Path csv = exp.resolve("t.csv");
    Tables.writeCsv(Tables.mapTable(res), csv);
    List<String> rows = Files.readAllLines(csv);
    assertEquals("variant,16 bits,32 bits", rows.get(0));
    assertEquals("none,0.530 ± 0.030 [n=3],0.640 ± 0.026 [n=3]", rows.get(1));
  }

  @Test
  void summaryTableIsLongNumeric() {
    Table s = Tables.summaryTable(res);
    Table row = s.where(s.stringColumn("metric").isEqualTo("map_tie_aware@all")
        .and(s.stringColumn("variant").isEqualTo("none"))
        .and(s.intColumn("bits").isEqualTo(32)));
    assertEquals(1, row.rowCount());
    assertEquals(0.64, row.doubleColumn("mean").get(0), 1e-12);
    assertEquals(Math.sqrt(0.0014 / 2), row.doubleColumn("std").get(0), 1e-12);
    assertEquals(3, row.intColumn("n").get(0));
  }
}
