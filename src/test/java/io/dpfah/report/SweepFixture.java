package io.dpfah.report;

import static io.dpfah.results.MetricsFixtures.finishedRun;

import io.dpfah.results.MetricsFixtures;
import java.nio.file.Path;

/**
 * An attention sweep with hand-picked values (tie-aware mAP@all; stable values in brackets):
 * <pre>
 *         16 bits                      32 bits
 * none    .50 .53 .56 (.52 .55 .58)    .61 .65 .66 (.63 .66 .66)
 * pfa     .55 .60     (.56 .61)        .70 .72 .74 (.71 .73 .75) + failed seed 4
 * se      .60         (.62)            —
 * </pre>
 * Params: none/pfa 11,000,000 (16) and 11,010,000 (32), attention 0; se 11,050,000, attention
 * 50,000. Train seconds of none@16: 10, 12, 14 (others 20). History of pfa@32: seed 1 losses
 * 2.0, 1.0; seed 2 losses 3.0, 2.0. One folder without metrics.json.
 */
final class SweepFixture {

  private SweepFixture() {}

  static void write(Path exp) {
    double[][] none16 = {{0.50, 0.52}, {0.53, 0.55}, {0.56, 0.58}};
    double[] trainNone16 = {10, 12, 14};
    for (int s = 0; s < 3; s++) {
      finishedRun(exp, "none", 16, s + 1, none16[s][0], none16[s][1], 11_000_000, 0,
          trainNone16[s]);
    }
    double[][] none32 = {{0.61, 0.63}, {0.65, 0.66}, {0.66, 0.66}};
    for (int s = 0; s < 3; s++) {
      finishedRun(exp, "none", 32, s + 1, none32[s][0], none32[s][1], 11_010_000, 0, 20);
    }
    finishedRun(exp, "pfa", 16, 1, 0.55, 0.56, 11_000_000, 0, 20);
    finishedRun(exp, "pfa", 16, 2, 0.60, 0.61, 11_000_000, 0, 20);
    Path p1 = finishedRun(exp, "pfa", 32, 1, 0.70, 0.71, 11_010_000, 0, 20);
    Path p2 = finishedRun(exp, "pfa", 32, 2, 0.72, 0.73, 11_010_000, 0, 20);
    finishedRun(exp, "pfa", 32, 3, 0.74, 0.75, 11_010_000, 0, 20);
    MetricsFixtures.history(p1, 2.0, 1.0);
    MetricsFixtures.history(p2, 3.0, 2.0);
    MetricsFixtures.failedRun(exp, "pfa", 32, 4, "NaN loss at epoch 3");
    finishedRun(exp, "se", 16, 1, 0.60, 0.62, 11_050_000, 50_000, 20);
    MetricsFixtures.write(exp.resolve("attention=se,bits=32,seed=1").resolve("train.log"), "");
  }
}
