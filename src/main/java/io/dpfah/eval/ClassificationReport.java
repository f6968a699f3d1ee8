package io.dpfah.eval;

import io.dpfah.data.Labels;
import io.dpfah.results.RunMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.ConfusionMetrics;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.impl.ArrayExample;

/**
 * Classification-branch figures.
 *
 * <p>Single-label ({@link #of}): computed with Tribuo's {@link LabelConfusionMatrix} and
 * {@link ConfusionMetrics}; {@code accuracy} is the fraction correct, {@code macroF1} the mean of
 * per-class F1 over all given class names (a class never seen nor predicted scores 0, as Tribuo
 * does), {@code microF1} equals the accuracy, and {@code confusion[t][p]} counts items of true
 * class t predicted as p.
 *
 * <p>Multi-label ({@link #ofMultiLabel}): Tribuo's multi-label evaluation lives in an artifact
 * that is not on the classpath, so the counts are computed here: {@code accuracy} is the subset
 * (exact-match) accuracy, {@code microF1} is F1 of the pooled per-label counts, {@code macroF1}
 * the mean per-label F1 (0 when a label has no true or predicted positive), and
 * {@code confusion[k] = {tn, fp, fn, tp}} for label k.
 *
 * @param multiLabel whether the report is multi-label
 * @param accuracy accuracy (subset accuracy for multi-label)
 * @param macroF1 macro-averaged F1
 * @param microF1 micro-averaged F1
 * @param labels class names, in index order
 * @param confusion confusion matrix (layout above)
 */
public record ClassificationReport(
    boolean multiLabel, double accuracy, double macroF1, double microF1, List<String> labels, int[][] confusion) {

  /** Copies the inputs. */
  public ClassificationReport {
    labels = List.copyOf(labels);
    confusion = deepCopy(confusion);
  }

  @Override
  public int[][] confusion() {
    return deepCopy(confusion);
  }

  private static int[][] deepCopy(int[][] m) {
    return Arrays.stream(m).map(int[]::clone).toArray(int[][]::new);
  }

  /**
   * Single-label report of predicted against true class ids.
   *
   * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold an id
   *     outside {@code [0, classNames.size())}
   */
  public static ClassificationReport of(int[] truth, int[] predicted, List<String> classNames) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          truth.length + " true labels but " + predicted.length + " predictions");
    }
    if (truth.length == 0) {
      throw new IllegalArgumentException("no items to evaluate");
    }
    int c = classNames.size();
    if (c == 0 || new java.util.HashSet<>(classNames).size() != c) {
      throw new IllegalArgumentException("class names must be non-empty and distinct, got " + classNames);
    }
    List<Label> labels = new ArrayList<>();
    Map<Label, Integer> ids = new HashMap<>();
    for (int k = 0; k < c; k++) {
      Label l = new Label(classNames.get(k));
      labels.add(l);
      ids.put(l, k);
    }
    ImmutableOutputInfo<Label> domain = new LabelFactory().constructInfoForExternalModel(ids);
    List<Prediction<Label>> predictions = new ArrayList<>(truth.length);
    for (int i = 0; i < truth.length; i++) {
      check(truth[i], c, "true label", i);
      check(predicted[i], c, "prediction", i);
      predictions.add(new Prediction<>(labels.get(predicted[i]), 0, new ArrayExample<>(labels.get(truth[i]))));
    }
    LabelConfusionMatrix cm = new LabelConfusionMatrix(domain, predictions);
    double accuracy = ConfusionMetrics.accuracy(MetricTarget.<Label>microAverageTarget(), cm);
    double macroF1 = ConfusionMetrics.f1(MetricTarget.<Label>macroAverageTarget(), cm);
    double microF1 = ConfusionMetrics.f1(MetricTarget.<Label>microAverageTarget(), cm);
    int[][] confusion = new int[c][c];
    for (int t = 0; t < c; t++) {
      for (int p = 0; p < c; p++) {
        confusion[t][p] = (int) Math.round(cm.confusion(labels.get(p), labels.get(t)));
      }
    }
    return new ClassificationReport(false, accuracy, macroF1, microF1, classNames, confusion);
  }

  private static void check(int id, int c, String what, int i) {
    if (id < 0 || id >= c) {
      throw new IllegalArgumentException(what + " of item " + i + " is " + id + ", expected [0, " + c + ")");
    }
  }

  /** Multi-label report of predicted against true label sets (definitions in the class comment). */
  public static ClassificationReport ofMultiLabel(Labels truth, Labels predicted, List<String> classNames) {
    int n = truth.size();
    int c = classNames.size();
    if (predicted.size() != n || truth.numClasses() != c || predicted.numClasses() != c) {
      throw new IllegalArgumentException("truth " + n + "x" + truth.numClasses() + ", predictions "
          + predicted.size() + "x" + predicted.numClasses() + ", expected both " + n + "x" + c);
    }
    if (n == 0) {
      throw new IllegalArgumentException("no items to evaluate");
    }
    int[][] confusion = new int[c][4];
    int exact = 0;
    for (int i = 0; i < n; i++) {
      boolean same = true;
      for (int w = 0; w < truth.words(); w++) {
        same &= truth.mask(i, w) == predicted.mask(i, w);
      }
      exact += same ? 1 : 0;
      for (int k = 0; k < c; k++) {
        boolean t = (truth.mask(i, k >>> 6) & (1L << (k & 63))) != 0;
        boolean p = (predicted.mask(i, k >>> 6) & (1L << (k & 63))) != 0;
        confusion[k][(p ? 1 : 0) + (t ? 2 : 0)]++;
      }
    }
    long tp = 0;
    long fp = 0;
    long fn = 0;
    double macro = 0;
    for (int[] row : confusion) {
      tp += row[3];
      fp += row[1];
      fn += row[2];
      macro += f1(row[3], row[1], row[2]);
    }
    return new ClassificationReport(true, (double) exact / n, macro / c, f1(tp, fp, fn), classNames, confusion);
  }

  private static double f1(long tp, long fp, long fn) {
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  /** The "classification" object of metrics.json (see docs/metrics.md). */
  public RunMetrics.Classification toClassification() {
    List<List<Long>> rows = Arrays.stream(confusion)
        .map(row -> Arrays.stream(row).asLongStream().boxed().toList()).toList();
    return new RunMetrics.Classification(accuracy, macroF1, microF1, multiLabel, labels, rows);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassificationReport r && r.multiLabel == multiLabel && r.accuracy == accuracy
        && r.macroF1 == macroF1 && r.microF1 == microF1 && r.labels.equals(labels)
        && Arrays.deepEquals(r.confusion, confusion);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + Arrays.deepHashCode(confusion);
  }

  @Override
  public String toString() {
    return "ClassificationReport[accuracy=" + accuracy + ", macroF1=" + macroF1 + ", labels=" + labels + "]";
  }
}
