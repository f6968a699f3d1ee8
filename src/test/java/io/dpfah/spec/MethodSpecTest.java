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
        + " dsh, dhn, dch, dtsh, csq, dpn, greedyhash, orthohash, lsh, itq",
        error(MINIMAL + "method: hashnett\n"));
    assertEquals("experiments/x.yaml:5: method.name: 'x' is not one of dpfah, dpsh, hashnet,"
        + " dsh, dhn, dch, dtsh, csq, dpn, greedyhash, orthohash, lsh, itq",
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

  @Test
  void shallowMethodsNeedAFeaturesSource() {
    String lsh = MINIMAL + "method: lsh\n";
    assertEquals("experiments/x.yaml:4: method: method lsh hashes a backbone's pooled features:"
        + " set model.pretrained (a weights file or torchvision) or model.from_run (a finished"
        + " run's folder), or method.lsh.random_backbone: true for a randomly initialised"
        + " backbone", error(lsh));
    ExperimentSpec random = parse(MINIMAL + "method: {name: itq, itq: {random_backbone: true}}\n");
    assertEquals(Map.of("iterations", 50, "random_backbone", true), random.method().params());
    assertFalse(random.classifier().enabled());
    ExperimentSpec weights = parse(lsh + "model: {pretrained: torchvision}\n");
    assertEquals("torchvision", weights.model().pretrained());
    ExperimentSpec run = parse(lsh + "model: {from_run: results/e/seed=1-ab}\n");
    assertEquals("results/e/seed=1-ab", run.model().fromRun());
    assertEquals(run, SpecLoader.parse(SpecWriter.toYaml(run), "spec.yaml", List.of()),
        "from_run round-trips through the written spec");
    assertEquals("experiments/x.yaml:4: model.pretrained: method.lsh.random_backbone is true, so"
        + " the backbone must stay random: leave model.pretrained null or set"
        + " method.lsh.random_backbone to false",
        error(MINIMAL + "model: {pretrained: w.pth}\nmethod: {name: lsh, lsh: {random_backbone:"
            + " true}}\n"));
  }

  @Test
  void fromRunIsForShallowMethodsAndExcludesPretrained() {
    assertEquals("experiments/x.yaml:4: model.from_run: only for the shallow methods (lsh, itq),"
        + " which hash a trained run's features; method dpfah trains its own network"
        + " (model.pretrained starts it from weights)",
        error(MINIMAL + "model: {from_run: results/e/r}\n"));
    assertEquals("experiments/x.yaml:4: model.from_run: model.pretrained is set too; the features"
        + " come from one of them (leave the other null)",
        error(MINIMAL + "model: {from_run: results/e/r, pretrained: torchvision}\nmethod: itq\n"));
    assertEquals("experiments/x.yaml:4: model.from_run: expected a run folder"
        + " (results/<experiment>/<run>), got ''",
        error(MINIMAL + "model: {from_run: ''}\nmethod: itq\n"));
  }

  @Test
  void itqBitsAreCappedByTheBackbonesFeatureWidth() {
    String itq = MINIMAL + "model: {pretrained: torchvision}\nmethod: itq\n";
    assertEquals("experiments/x.yaml:6: hash.bits: method itq fits at most 512 bits on"
        + " resnet18's 512 pooled features, got 1024", error(itq + "hash: {bits: 1024}\n"));
    assertEquals(1024, parse(itq + "hash: {bits: 1024}\n", "model.backbone=resnet50")
        .hash().bits(), "ResNet50's features are 2048 wide");
    assertEquals(1024, parse(MINIMAL + "model: {pretrained: torchvision}\nmethod: lsh\n"
        + "hash: {bits: 1024}\n").hash().bits(), "random projections have no such cap");
    assertEquals(1024, parse(MINIMAL + "model: {from_run: r}\nmethod: itq\nhash: {bits: 1024}\n")
        .hash().bits(), "a run's network is only known at run time");
  }

  @Test
  void aSweepMixesDeepAndShallowMethods() {
    String yaml = MINIMAL + "method:\n  name: dpfah\n  lsh: {random_backbone: true}\n"
        + "  itq: {random_backbone: true, iterations: 10}\n"
        + "sweep:\n  axes:\n    method: [dpfah, dpsh, lsh, itq]\n";
    List<SweepRun> runs = SweepPlan.expand(yaml, SRC, List.of(), 100);
    assertEquals(List.of("dpfah", "dpsh", "lsh", "itq"),
        runs.stream().map(r -> r.spec().method().name()).toList());
    assertEquals(10, runs.get(3).spec().method().integer("iterations"));
    assertTrue(runs.get(2).spec().method().bool("random_backbone"));
  }
}
