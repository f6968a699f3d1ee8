package io.dpfah.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SideBySideTest {

  private static BenchLine line(String impl, String mode, int size, double ips, double user,
      double sys) {
    return BenchLine.parse(String.format(java.util.Locale.ROOT,
        "bench impl=%s mode=%s backbone=resnet18 size=%d attention=none batch=64 threads=2"
            + " steps=30 images_per_s=%s user_s_per_step=%s sys_s_per_step=%s",
        impl, mode, size, ips, user, sys), "test");
  }

  /** PyTorch 3 rounds and dpfah 4 rounds of one cell, interleaved, plus a dpfah-only cell. */
  private static List<BenchLine> lines() {
    List<BenchLine> l = new ArrayList<>();
    l.add(line("pytorch", "train", 32, 618, 0.21, 0.005));
    l.add(line("dpfah", "train", 32, 269, 0.40, 0.050));
    l.add(line("pytorch", "train", 32, 587, 0.20, 0.010));
    l.add(line("dpfah", "train", 32, 529, 0.30, 0.020));
    l.add(line("pytorch", "train", 32, 642, 0.22, 0.004));
    l.add(line("dpfah", "train", 32, 413, 0.35, 0.030));
    l.add(line("dpfah", "train", 32, 400, 0.33, 0.040));
    l.add(line("dpfah", "encode", 64, 2125, 0.10, 0.001));
    return l;
  }

  @Test
  void mediansRangesAndRatioByHand() {
    List<SideBySide.Row> rows = SideBySide.rows(lines());
    assertEquals(2, rows.size());
    SideBySide.Row r = rows.get(0);
    assertEquals(List.of("train", "resnet18", "32", "none", "64", "2"), r.cell());
    SideBySide.Side ref = r.reference();
    assertEquals(3, ref.rounds());
    assertEquals(618, ref.median(), 1e-12);
    assertEquals(587, ref.min(), 1e-12);
    assertEquals(642, ref.max(), 1e-12);
    assertEquals(0.21, ref.userPerStep(), 1e-12);
    assertEquals(0.005, ref.sysPerStep(), 1e-12);
    // largest distance from the median: 618 - 587 = 31
    assertEquals(31.0 / 618, ref.spread(), 1e-12);
    SideBySide.Side cand = r.candidate();
    assertEquals(4, cand.rounds());
    // even count: mean of the middle two of 269, 400, 413, 529
    assertEquals(406.5, cand.median(), 1e-12);
    assertEquals(269, cand.min(), 1e-12);
    assertEquals(529, cand.max(), 1e-12);
    assertEquals((0.33 + 0.35) / 2, cand.userPerStep(), 1e-12);
    assertEquals((0.03 + 0.04) / 2, cand.sysPerStep(), 1e-12);
    assertEquals(137.5 / 406.5, cand.spread(), 1e-12);
    assertEquals(406.5 / 618, r.ratio(), 1e-12);

    SideBySide.Row only = rows.get(1);
    assertNull(only.reference());
    assertEquals(2125, only.candidate().median(), 1e-12);
    assertTrue(Double.isNaN(only.ratio()));
  }

  @Test
  void renderedRowsShowTheFigures() {
    String[] text = SideBySide.render(SideBySide.rows(lines())).split("\n");
    assertEquals(4, text.length, String.join("\n", text));
    assertTrue(text[0].contains("PyTorch img/s (range)") && text[0].contains("dpfah/PyTorch"),
        text[0]);
    String train = text[2];
    assertTrue(train.contains("| 618 (587-642) "), train);
    assertTrue(train.contains("| 407 (269-529) "), train);   // 406.5 rounded half up
    assertTrue(train.contains("| 0.66 "), train);             // 406.5 / 618 = 0.6578
    assertTrue(train.contains("| 5% "), train);               // 31 / 618
    assertTrue(train.contains("| 34% "), train);              // 137.5 / 406.5
    assertTrue(train.contains("| 0.210/0.005 "), train);
    assertTrue(train.contains("| 0.340/0.035 "), train);
    assertTrue(train.contains("| 3/4 "), train);
    String encode = text[3];
    assertTrue(encode.contains("| - ") && encode.contains("| 2,125 ") && encode.contains("| 0/1 "),
        encode);
  }

  @Test
  void summaryHoldsTheNumbers() {
    Table t = SideBySide.summary(SideBySide.rows(lines()));
    assertEquals(2, t.rowCount());
    assertEquals(406.5 / 618, t.doubleColumn("ratio").get(0), 1e-12);
    assertEquals(618, t.doubleColumn("pytorch_images_per_s_median").get(0), 1e-12);
    assertEquals(406.5, t.doubleColumn("dpfah_images_per_s_median").get(0), 1e-12);
    assertEquals(4, t.intColumn("dpfah_rounds").get(0));
    assertEquals(0, t.intColumn("pytorch_rounds").get(1));
    assertTrue(t.doubleColumn("pytorch_images_per_s_median").isMissing(1));
    assertEquals(64, t.intColumn("size").get(1));
  }

  @Test
  void measurementsKeepEveryField() {
    List<BenchLine> l = new ArrayList<>(lines());
    l.add(BenchLine.parse(line("dpfah", "train", 32, 1, 1, 1).format() + " gc_ms_per_step=3.5",
        "test"));
    Table t = SideBySide.measurements(l);
    assertEquals(9, t.rowCount());
    assertEquals("", t.stringColumn("gc_ms_per_step").get(0));
    assertEquals("3.5", t.stringColumn("gc_ms_per_step").get(8));
    assertEquals("587.0", t.stringColumn("images_per_s").get(2));
  }

  @Test
  void anUnknownImplementationIsAnInputError() {
    BenchInputException e = assertThrows(BenchInputException.class,
        () -> SideBySide.rows(List.of(line("tensorflow", "train", 32, 1, 1, 1))));
    assertTrue(e.getMessage().contains("field 'impl': expected pytorch or dpfah, got 'tensorflow'"),
        e.getMessage());
  }
}
