package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.DataSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {
  static DataSpec spec(boolean multi) {
    return new DataSpec("synthetic", null, "synthetic", 16, 3, "none", null, null,
        new DataSpec.SyntheticSpec(4, 20, 5, 10, 0.1, multi), 1, false);
  }

  @Test
  void splitsSizesLabelsAndDeterminism() {
    RetrievalData d = ProtocolRegistry.load(spec(false), 0);
    assertEquals(80, d.train().length);
    assertEquals(20, d.query().length);
    assertEquals(40, d.database().length);
    ProtocolTest.assertDisjoint(d.train(), d.database());
    ProtocolTest.assertDisjoint(d.query(), d.database());
    assertArrayEquals(new int[] {5, 5, 5, 5}, d.pool().labels().subset(d.query()).classCounts());
    assertEquals(-1, d.defaultTopK());
    RawImage a = new SyntheticSource(spec(false).synthetic(), 3, 16, 5).image(17);
    RawImage b = new SyntheticSource(spec(false).synthetic(), 3, 16, 5).image(17);
    assertArrayEquals(a.pixels(), b.pixels());
    assertEquals(3, a.channels());
    assertEquals(16, a.width());
  }

  @Test
  void classesAreSeparableByNearestClassMean() throws Exception {
    SyntheticSource s = new SyntheticSource(spec(false).synthetic(), 3, 16, 11);
    int n = 3 * 16 * 16;
    double[][] mean = new double[4][n];
    for (int i : s.trainIndices()) {
      byte[] px = s.image(i).pixels();
      for (int k = 0; k < n; k++) {
        mean[s.labels().classId(i)][k] += (px[k] & 0xff) / 20.0;
      }
    }
    int correct = 0;
    for (int q : s.queryIndices()) {
      byte[] px = s.image(q).pixels();
      int best = -1;
      double bestD = Double.MAX_VALUE;
      for (int c = 0; c < 4; c++) {
        double dist = 0;
        for (int k = 0; k < n; k++) {
          double t = (px[k] & 0xff) - mean[c][k];
          dist += t * t;
        }
        if (dist < bestD) {
          bestD = dist;
          best = c;
        }
      }
      correct += best == s.labels().classId(q) ? 1 : 0;
    }
    assertTrue(correct >= 16, correct + " of 20 queries nearest their class mean");
  }

  @Test
  void multiLabelGivesOneOrTwoLabels() {
    SyntheticSource s = new SyntheticSource(spec(true).synthetic(), 3, 16, 2);
    assertTrue(s.labels().isMultiLabel());
    int two = 0;
    for (int i = 0; i < s.size(); i++) {
      float[] row = s.labels().multiHot(i);
      int ones = 0;
      for (float v : row) {
        ones += (int) v;
      }
      assertTrue(ones == 1 || ones == 2);
      two += ones == 2 ? 1 : 0;
    }
    assertTrue(two > 20 && two < 120, "two-label images: " + two);
  }

  @Test
  void dataCheckReportsSplitsOrMissingFiles() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DataCheck.Report ok = DataCheck.run(spec(false), 0, new PrintStream(buf, true));
    assertTrue(ok.present());
    assertEquals(140, ok.poolSize());
    assertEquals(80, ok.splitSizes().get("train"));
    assertEquals(java.util.List.of(5, 5, 5, 5), ok.labelDistribution().get("query"));
    assertTrue(buf.toString().contains("OK"));

    buf.reset();
    DataSpec fm = Fixtures.spec("fashion-mnist", Path.of("/nonexistent/fm"), "fmnist-hash", 32, 1,
        "none", null);
    DataCheck.Report missing = DataCheck.run(fm, 0, new PrintStream(buf, true));
    assertFalse(missing.present());
    assertEquals(4, missing.missing().size());
    assertTrue(missing.howToGet().contains("apt-get install dataset-fashion-mnist"));
    assertTrue(buf.toString().contains("missing: /nonexistent/fm/train-images-idx3-ubyte.gz"),
        buf.toString());
  }
}
