package io.dpfah.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code method} field: both forms, defaults from the declarations, errors, round trip. */
class MethodSpecTest {
  private static final String SRC = "experiments/x.yaml";
  private static final String MINIMAL = "name: m\ndata:\n  dataset: cifar10\n";

  private static ExperimentSpec parse(String yaml, String... overrides) {
    return SpecLoader.parse(yaml, SRC, List.of(overrides));
  }

  private static String error(String yaml, String... overrides) {
    return assertThrows(SpecException.class, () -> parse(yaml, overrides)).getMessage();
  }

  @Test
  void defaultIsDpfahWithItsClassifier() {
    ExperimentSpec s = parse(MINIMAL);
    assertEquals(new MethodSpec("dpfah", Map.of()), s.method());
    assertTrue(s.classifier().enabled());
  }

  @Test
  void scalarAndSectionFormsGetTheReferenceDefaults() {
    ExperimentSpec a = parse(MINIMAL + "method: hashnet\n");
    assertEquals("hashnet", a.method().name());
    assertEquals(0.1, a.method().number("alpha"));
    assertEquals(20, a.method().integer("step_continuation"));
    assertFalse(a.classifier().enabled(), "reference methods have no classifier by default");
    assertEquals(0.0, a.loss().classification());
    ExperimentSpec b = parse(MINIMAL + "method:\n  name: hashnet\n  hashnet: {alpha: 0.2}\n"
        + "  dtsh: {alpha: 3}\n");
    assertEquals(0.2, b.method().number("alpha"));
    assertEquals(List.of("alpha", "step_continuation"), List.copyOf(b.method().params().keySet()));
    assertEquals(1e-4, parse(MINIMAL + "method: {name: csq}\n").method().number("lambda"));
    assertFalse(parse(MINIMAL + "method: dpn\n").method().bool("adaptive"));
  }

  @Test
  void errorsNameFileLineAndField() {
    assertEquals("experiments/x.yaml:4: method: 'hashnett' is not one of dpfah, dpsh, hashnet,"
        + " dsh, dhn, dch, dtsh, csq, dpn, greedyhash, orthohash",
        error(MINIMAL + "method: hashnett\n"));
    assertEquals("experiments/x.yaml:5: method.name: 'x' is not one of dpfah, dpsh, hashnet,"
        + " dsh, dhn, dch, dtsh, csq, dpn, greedyhash, orthohash",
        error(MINIMAL + "method:\n  name: x\n"));
    assertEquals("experiments/x.yaml:7: method.hashnet.alpah: unknown key, did you mean 'alpha'?",
        error(MINIMAL + "method:\n  name: hashnet\n  hashnet:\n    alpah: 1\n"));
    assertEquals("experiments/x.yaml:7: method.dch.gamma: must be > 0, got 0",
        error(MINIMAL + "method:\n  name: hashnet\n  dch:\n    gamma: 0\n"),
        "a section of a method not chosen is validated too");
    assertEquals("experiments/x.yaml:5: method.dpn.p: must be >= 0 and <= 1, got 2",
        error(MINIMAL + "method:\n  dpn: {p: 2}\n"));
    assertEquals("experiments/x.yaml:5: method.hashnet.step_continuation: expected an integer,"
        + " got '2.5'", error(MINIMAL + "method:\n  hashnet: {step_continuation: 2.5}\n"));
    assertEquals("experiments/x.yaml:5: method.dpfh: unknown key, did you mean 'dpfah'?",
        error(MINIMAL + "method:\n  dpfh: {}\n"));
    assertEquals("experiments/x.yaml:4: classifier.enabled: method dsh has no classification"
        + " branch (only dpfah, greedyhash use it); set it to false",
        error(MINIMAL + "classifier: {enabled: true}\nmethod: dsh\n"));
    assertEquals("--set method.hashnet.alpha: method.hashnet.alpha: must be > 0, got -1",
        error(MINIMAL, "method.hashnet.alpha=-1"));
  }

  @Test
  void greedyHashTrainsThroughItsSignClassifier() {
    ExperimentSpec s = parse(MINIMAL + "method: greedyhash\n");
    assertEquals(new ClassifierSpec(true, "signs"), s.classifier());
    assertEquals(0.1, s.method().number("alpha"));
    assertEquals("experiments/x.yaml:4: classifier.enabled: method greedyhash trains through its"
        + " classification branch (its loss is the branch's cross-entropy); set it to true",
        error(MINIMAL + "classifier: {enabled: false}\nmethod: greedyhash\n"));
    assertEquals("experiments/x.yaml:4: classifier.input: method greedyhash's classifier reads"
        + " sign(u); use signs, got 'codes'",
        error(MINIMAL + "classifier: {input: codes}\nmethod: greedyhash\n"));
    assertEquals("experiments/x.yaml:5: method: method greedyhash does not support multi-label"
        + " data (data.synthetic.multi_label is true)",
        error("name: m\ndata:\n  dataset: synthetic\n  synthetic: {multi_label: true}\n"
            + "method: greedyhash\n"));
    assertEquals("signs", parse(MINIMAL + "classifier: {input: signs}\n").classifier().input(),
        "dpfah's classifier may read the signs too");
  }

  @Test
  void orthoHashGetsFiresDefaults() {
    ExperimentSpec s = parse(MINIMAL + "method: orthohash\n");
    assertEquals(8.0, s.method().number("s"));
    assertEquals(0.3, s.method().number("m"));
    assertEquals(0.0, s.method().number("quan"));
    assertFalse(s.classifier().enabled());
    assertEquals("experiments/x.yaml:5: method.orthohash.s: must be > 0, got 0",
        error(MINIMAL + "method:\n  orthohash: {s: 0}\n"));
    String yaml = SpecWriter.toYaml(parse(MINIMAL + "method: {name: orthohash, orthohash:"
        + " {quan: 0.1}}\n"));
    assertTrue(yaml.contains("method:\n  name: orthohash\n  orthohash:\n    s: 8.0\n    m: 0.3\n"
        + "    quan: 0.1\n"), yaml);
  }

  @Test
  void writtenSpecReadsBackEqual() {
    for (String m : List.of("method: dpfah\n", "method: dsh\n",
        "method: {name: dpn, dpn: {m: 0.5, adaptive: true}, csq: {lambda: 0.1}}\n")) {
      ExperimentSpec s = parse(MINIMAL + m);
      String yaml = SpecWriter.toYaml(s);
      assertEquals(s, SpecLoader.parse(yaml, "spec.yaml", List.of()), yaml);
    }
    String yaml = SpecWriter.toYaml(parse(MINIMAL + "method: {name: dpn, dpn: {m: 0.5}}\n"));
    assertTrue(yaml.contains("method:\n  name: dpn\n  dpn:\n    m: 0.5\n    p: 0.5\n"
        + "    adaptive: false\n"), yaml);
  }

  @Test
  void sweepOverMethodKeepsEachMethodsSection() {
    List<SweepRun> runs = SweepPlan.expand(MINIMAL
        + "method:\n  name: dpfah\n  hashnet: {alpha: 0.3}\n"
        + "sweep:\n  axes:\n    method: [dpfah, dpsh, hashnet]\n    hash.bits: [16, 32]\n",
        SRC, List.of());
    assertEquals(6, runs.size());
    assertEquals("dpfah", runs.get(0).spec().method().name());
    assertTrue(runs.get(0).spec().classifier().enabled());
    ExperimentSpec hashnet = runs.get(4).spec();
    assertEquals("hashnet", hashnet.method().name());
    assertEquals(0.3, hashnet.method().number("alpha"));
    assertFalse(hashnet.classifier().enabled());
    assertEquals(16, hashnet.hash().bits());
    assertEquals("dsh", SweepPlan.expand(MINIMAL + "sweep:\n  axes:\n    method: [dsh]\n", SRC,
        List.of()).get(0).spec().method().name());
  }
}
