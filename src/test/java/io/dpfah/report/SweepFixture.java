package io.dpfah.report;

import static io.dpfah.results.MetricsFixtures.finishedRun;

import io.dpfah.results.MetricsFixtures;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunRecord;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

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

  /** Similar / dissimilar pair counts at distances 0..16 of the two runs with diagnostics. */
  static final long[] NONE_SIM = {4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  static final long[] NONE_DIS = {0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 8, 4, 2, 0, 0, 0, 0};
  static final long[] PFA_SIM = {8, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  static final long[] PFA_DIS = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 0, 0, 0, 0, 0};

  /**
   * {@link #write} plus, in every finished run, a spec.yaml (attention, bits, seed; lr 0.001
   * except 0.01 for pfa@32 seed 3; epochs 6, topk [all, 1000]) and a provenance.json (commit
   * 0123456789ab…, dirty in the first run, started on 2026-01-10 + i), and code diagnostics in
   * none@16 and pfa@16 seed 1: bit balance 0.5 except 0.25 for bit 3; mean |correlation| 0.125
   * and 0.5; buckets 7 distinct / largest 3 / share 0.3 and 2 / 9 / 0.75; the histograms above.
   */
  static void writeWithRunFiles(Path exp) {
    write(exp);
    int i = 0;
    for (RunRecord run : ResultsReader.read(exp).finished()) {
      String lr = run.runId().equals("attention=pfa,bits=32,seed=3") ? "0.01" : "0.001";
      MetricsFixtures.write(run.dir().resolve("spec.yaml"), String.format(Locale.ROOT, """
          name: ablation-attention
          seed: %d
          model:
            backbone: resnet18
            attention: %s
          hash:
            bits: %d
          optim:
            lr: %s
            epochs: 6
          eval:
            topk: [all, 1000]
          """, run.seed(), run.metrics().attention(), run.bits(), lr));
      MetricsFixtures.write(run.dir().resolve("provenance.json"), String.format(Locale.ROOT, """
          {"git_commit": "0123456789abcdef0123", "git_dirty": %s,
           "started": "2026-01-%02dT10:00:00Z", "device": "cpu()", "engine": "PyTorch 2.7.1",
           "djl": "0.36.0", "java": "OpenJDK 17", "os": "Linux amd64", "cores": 2}
          """, i == 0 ? "true" : "false", 10 + i));
      i++;
    }
    double[] balance = new double[16];
    Arrays.fill(balance, 0.5);
    balance[3] = 0.25;
    MetricsFixtures.diagnostics(exp.resolve("attention=none,bits=16,seed=1"), balance, 0.125, 7,
        3, 0.3, NONE_SIM, NONE_DIS);
    MetricsFixtures.diagnostics(exp.resolve("attention=pfa,bits=16,seed=1"), balance, 0.5, 2, 9,
        0.75, PFA_SIM, PFA_DIS);
  }
}
