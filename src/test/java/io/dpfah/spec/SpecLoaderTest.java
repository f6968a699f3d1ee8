package io.dpfah.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  private static final String SRC = "experiments/x.yaml";

  private static ExperimentSpec parse(String yaml, String... overrides) {
    return SpecLoader.parse(yaml, SRC, List.of(overrides));
  }

  private static String error(String yaml, String... overrides) {
    return assertThrows(SpecException.class, () -> parse(yaml, overrides)).getMessage();
  }

  private static final String MINIMAL = "name: m\ndata:\n  dataset: cifar10\n";

  @Test
  void fullSpecLoadsToExpectedRecords(@TempDir Path dir) throws IOException {
    String yaml = """
        name: dpfah-cifar
        seed: 7
        device: cpu
        threads: 2
        data:
          dataset: image-list
          root: /data/nus
          image_size: 224
          channels: 3
          normalization: imagenet
          augmentation: {flip: true, crop_padding: 4, resize: 256}
          lists: {train: a.txt, query: b.txt, database: c.txt}
          workers: 3
          cache: false
        model:
          backbone: resnet34
          stem: cifar
          attention: cbam
          lambda: 1e-3
          reduction: 8
          spatial_kernel: 3
          placement: bn2
        hash: {bits: 48}
        classifier: {enabled: false}
        loss: {pairwise: 2, classification: 0, quantization: 0.5, memory: false}
        optim:
          optimizer: sgd
          lr: 3e-4
          momentum: 0.8
          weight_decay: 5e-4
          batch_size: 32
          epochs: 50
          schedule: step
          step_epochs: 20
          gamma: 0.5
          warmup_epochs: 2
        eval: {topk: [5000, all], precision_at: [10, 50], every: 5, batch_size: 128}
        """;
    Path file = dir.resolve("full.yaml");
    Files.writeString(file, yaml);
    ExperimentSpec expected = new ExperimentSpec("dpfah-cifar", 7, "cpu", 2,
        new DataSpec("image-list", "/data/nus", "lists", 224, 3, "imagenet",
            new DataSpec.AugmentSpec(true, 4, 256),
            new DataSpec.ListsSpec("a.txt", "b.txt", "c.txt"),
            null, 3, false),
        new ModelSpec("resnet34", "cifar", "cbam", 1e-3, 8, 3, "bn2"),
        new HashSpec(48), new ClassifierSpec(false),
        new MethodSpec("dpfah", Map.of()), new LossSpec(2, 0, 0.5, false),
        new OptimSpec("sgd", 3e-4, 0.8, 5e-4, 32, 50, "step", 20, 0.5, 2),
        new EvalSpec(List.of(5000, -1), List.of(10, 50), 5, 128), null);
    assertEquals(expected, SpecLoader.load(file));
  }

  @Test
  void minimalSpecGetsDocumentedDefaults() {
    ExperimentSpec expected = new ExperimentSpec("m", 0, "auto", 0,
        new DataSpec("cifar10", null, "cifar10", 32, 3, "dataset",
            new DataSpec.AugmentSpec(false, 0, 0), null, null, 0, true),
        new ModelSpec("resnet18", "imagenet", "pfa", 1e-4, 16, 7, "auto"),
        new HashSpec(32), new ClassifierSpec(true),
        new MethodSpec("dpfah", Map.of()), new LossSpec(1.0, 1.0, 0.1, true),
        new OptimSpec("adam", 0.001, 0.9, 1e-5, 64, 10, "cosine", 10, 0.1, 0),
        new EvalSpec(List.of(-1, 1000), List.of(1, 10, 100, 1000), 0, 256), null);
    assertEquals(expected, parse(MINIMAL));
    assertEquals(expected, parse(MINIMAL + "model:\nloss: {}\n"));
    assertEquals("experiments/x.yaml:5: optim.lr: missing value",
        error(MINIMAL + "optim:\n  lr:\n"));
  }

  @Test
  void fileErrorsNameThePathAsGiven(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, MINIMAL + "hash:\n  bits: many\n");
    SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file, List.of()));
    assertEquals(file + ":5: hash.bits: expected an integer, got 'many'", e.getMessage());
  }

  @Test
  void protocolDefaultsFollowTheDataSet() {
    assertEquals("fmnist-hash", parse("name: m\ndata: {dataset: fashion-mnist}").data().protocol());
    assertEquals("cifar10", parse("name: m\ndata: {dataset: image-folder}").data().protocol());
    DataSpec list = parse("name: m\ndata: {dataset: image-list}").data();
    assertEquals("lists", list.protocol());
    assertEquals(new DataSpec.ListsSpec("train.txt", "test.txt", "database.txt"), list.lists());
    DataSpec syn = parse("name: m\ndata: {dataset: synthetic, synthetic: {classes: 4}}").data();
    assertEquals("synthetic", syn.protocol());
    assertEquals(new DataSpec.SyntheticSpec(4, 100, 20, 200, 0.3, false), syn.synthetic());
  }

  @Test
  void disabledClassifierDefaultsItsWeightToZero() {
    LossSpec loss = parse(MINIMAL + "classifier: {enabled: false}").loss();
    assertEquals(new LossSpec(1.0, 0.0, 0.1, true), loss);
  }

  @Test
  void badEnumValueNamesFileLineAndField() {
    String yaml = MINIMAL + "model:\n  backbone: resnet18\n  attention: sse\n";
    assertEquals("experiments/x.yaml:6: model.attention: 'sse' is not one of none, pfa, se, cbam,"
        + " spatial", error(yaml));
  }

  /** train.*, eval.select and data.validation_per_class: defaults, values, and their checks. */
  @Test
  void checkpointAndSelectionFields() {
    ExperimentSpec d = parse(MINIMAL);
    assertEquals(new TrainSpec(true, 0), d.train());
    assertEquals("last", d.eval().select());
    assertEquals(0, d.data().validationPerClass());
    ExperimentSpec s = parse("name: m\ndata:\n  dataset: cifar10\n  validation_per_class: 50\n"
        + "train: {checkpoint_every: 100}\neval: {select: best}\n");
    assertEquals(new TrainSpec(true, 100), s.train());
    assertTrue(s.eval().selectsBest());
    assertEquals(50, s.data().validationPerClass());
    assertEquals("experiments/x.yaml:4: eval.select: 'best' picks the epoch on a validation split,"
        + " and there is none: set data.validation_per_class (images per class taken out of the"
        + " training set)", error(MINIMAL + "eval: {select: best}\n"));
    assertEquals("experiments/x.yaml:4: eval.select: 'first' is not one of last, best",
        error(MINIMAL + "eval: {select: first}\n"));
    assertEquals("experiments/x.yaml:4: train.checkpoint_every: must be at least 0, got -1",
        error(MINIMAL + "train: {checkpoint_every: -1}\n"));
    assertEquals("experiments/x.yaml:4: train.checkpoint: expected true or false, got 'often'",
        error(MINIMAL + "train: {checkpoint: often}\n"));
    assertEquals("experiments/x.yaml:4: train.every: unknown key (known keys: checkpoint,"
        + " checkpoint_every)", error(MINIMAL + "train: {every: 3}\n"));
  }

  @Test
  void unknownKeySuggestsTheClosestKnownKey() {
    assertEquals("experiments/x.yaml:5: optim.batchsize: unknown key, did you mean 'batch_size'?",
        error(MINIMAL + "optim:\n  batchsize: 8\n"));
    assertEquals("experiments/x.yaml:4: optim.batchSize: unknown key, did you mean 'batch_size'?",
        error(MINIMAL + "optim: {batchSize: 8}\n"));
    assertEquals("experiments/x.yaml:4: zzz: unknown key (known keys: name, seed, device, threads,"
        + " data, model, hash, classifier, method, loss, optim, train, eval, sweep)",
        error(MINIMAL + "zzz: 1\n"));
  }

  @Test
  void wrongTypesAreReported() {
    assertEquals("experiments/x.yaml:5: optim.lr: expected a number, got 'fast'",
        error(MINIMAL + "optim:\n  lr: fast\n"));
    assertEquals("experiments/x.yaml:4: hash.bits: expected an integer, got '32.5'",
        error(MINIMAL + "hash: {bits: 32.5}\n"));
    assertEquals("experiments/x.yaml:4: classifier.enabled: expected true or false, got 'maybe'",
        error(MINIMAL + "classifier: {enabled: maybe}\n"));
    assertEquals("experiments/x.yaml:4: model: expected a section (a mapping of keys), got 'pfa'",
        error(MINIMAL + "model: pfa\n"));
    assertEquals("experiments/x.yaml:4: eval.topk[1]: expected a positive integer or 'all', got"
        + " 'ten'", error(MINIMAL + "eval: {topk: [5, ten]}\n"));
  }

  @Test
  void outOfRangeValuesAreReported() {
    assertEquals("experiments/x.yaml:4: hash.bits: must be between 4 and 1024, got 2",
        error(MINIMAL + "hash: {bits: 2}\n"));
    assertEquals("experiments/x.yaml:4: optim.lr: must be > 0 and <= 10, got 0",
        error(MINIMAL + "optim: {lr: 0}\n"));
    assertEquals("experiments/x.yaml:4: optim.batch_size: must be at least 2, got 1",
        error(MINIMAL + "optim: {batch_size: 1}\n"));
    assertEquals("experiments/x.yaml:4: loss.quantization: must be >= 0, got -0.1",
        error(MINIMAL + "loss: {quantization: -0.1}\n"));
    assertEquals("experiments/x.yaml:5: data.channels: must be 1 or 3, got 2",
        error("name: m\ndata:\n  dataset: cifar10\n  image_size: 16\n  channels: 2\n"));
    assertEquals("experiments/x.yaml:4: data.image_size: must be between 8 and 4096, got 4",
        error("name: m\ndata:\n  dataset: cifar10\n  image_size: 4\n"));
    assertEquals("experiments/x.yaml:4: eval.topk[0]: expected a positive integer or 'all', got 0",
        error(MINIMAL + "eval: {topk: [0]}\n"));
    assertEquals("experiments/x.yaml:4: model.spatial_kernel: must be odd, got 4",
        error(MINIMAL + "model: {spatial_kernel: 4}\n"));
    assertEquals("experiments/x.yaml:4: optim.warmup_epochs: must be between 0 and optim.epochs"
        + " (3), got 5", error(MINIMAL + "optim: {epochs: 3, warmup_epochs: 5}\n"));
  }

  @Test
  void crossFieldRulesAreChecked() {
    assertEquals("experiments/x.yaml:5: loss.classification: must be 0 when classifier.enabled is"
        + " false, got 1.0",
        error(MINIMAL + "classifier: {enabled: false}\nloss: {classification: 1}\n"));
    assertEquals("experiments/x.yaml:4: loss: pairwise and classification weights are both 0: "
        + "nothing to learn", error(MINIMAL + "loss:\n  pairwise: 0\n  classification: 0\n"));
    assertEquals("experiments/x.yaml:4: data.protocol: 'lists' does not apply to data set "
        + "'cifar10' (use cifar10, cifar10-1, cifar10-2)",
        error("name: m\ndata:\n  dataset: cifar10\n  protocol: lists\n"));
    assertEquals("experiments/x.yaml:4: data.synthetic: only allowed when data.dataset is "
        + "synthetic (data set is 'cifar10')",
        error("name: m\ndata:\n  dataset: cifar10\n  synthetic: {classes: 3}\n"));
    assertEquals("experiments/x.yaml:4: data.lists: only allowed when data.protocol is lists "
        + "(protocol is 'cifar10')", error("name: m\ndata:\n  dataset: cifar10\n  lists: {}\n"));
  }

  @Test
  void perClassCountsDefaultToZeroAndApplyOnlyToPerClassProtocols() {
    assertEquals(0, parse(MINIMAL).data().queryPerClass());
    assertEquals(0, parse(MINIMAL).data().trainPerClass());
    ExperimentSpec s = parse(MINIMAL + "  query_per_class: 3\n  train_per_class: 7\n");
    assertEquals(3, s.data().queryPerClass());
    assertEquals(7, s.data().trainPerClass());
    assertEquals(s, SpecLoader.parse(SpecWriter.toYaml(s), "written", List.of()));
    assertEquals("experiments/x.yaml:4: data.query_per_class: only applies to the protocols"
        + " fmnist-hash, cifar10, cifar10-1 (protocol is 'cifar10-2'); use 0",
        error(MINIMAL + "  query_per_class: 3\n  protocol: cifar10-2\n"));
    assertEquals("experiments/x.yaml:4: data.train_per_class: must be at least 0, got -1",
        error(MINIMAL + "  train_per_class: -1\n"));
  }

  @Test
  void missingRequiredFieldsAreReported() {
    assertEquals("experiments/x.yaml:1: name: required field is missing",
        error("data: {dataset: cifar10}\n"));
    assertEquals("experiments/x.yaml:2: data.dataset: required field is missing (one of "
        + "fashion-mnist, synthetic, cifar10, image-folder, image-list)",
        error("name: m\ndata:\n  root: /x\n"));
    assertEquals("experiments/x.yaml:1: data.dataset: required field is missing (one of "
        + "fashion-mnist, synthetic, cifar10, image-folder, image-list)", error("name: m\n"));
  }

  @Test
  void malformedYamlReportsSnakeYamlsLine() {
    String msg = error("name: m\ndata:\n  dataset: cifar10\n  image_size: [1, 2\nmodel: {}\n");
    assertEquals("experiments/x.yaml:5: malformed YAML:", msg.substring(0, msg.indexOf(':',
        msg.indexOf("YAML")) + 1));
    assertEquals("experiments/x.yaml:1: empty spec, expected a mapping with at least name and "
        + "data.dataset", error(""));
    assertEquals("experiments/x.yaml:1: expected a mapping at the top level, got a list",
        error("- a\n- b\n"));
    assertEquals(
        "experiments/x.yaml:4: data.dataset: duplicate key (first at experiments/x.yaml:3)",
        error("name: m\ndata:\n  dataset: cifar10\n  dataset: synthetic\n"));
  }

  @Test
  void missingFileIsReported() {
    SpecException e = assertThrows(SpecException.class,
        () -> SpecLoader.load(Path.of("no/such/spec.yaml")));
    assertEquals("no/such/spec.yaml: cannot read spec: no such file", e.getMessage());
  }

  @Test
  void binaryFilesAndFoldersAreReportedAsSuch(@TempDir Path dir) throws IOException {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"),
        "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(latin1 + ": not a UTF-8 text file",
        assertThrows(SpecException.class, () -> SpecLoader.load(latin1)).getMessage());
    Path nul = Files.writeString(dir.resolve("nul.yaml"), "name: x\u0000\n");
    assertEquals(nul + ": not a UTF-8 text file",
        assertThrows(SpecException.class, () -> SpecLoader.load(nul)).getMessage());
    assertEquals(dir + ": cannot read spec: it is a directory",
        assertThrows(SpecException.class, () -> SpecLoader.load(dir)).getMessage());
  }

  @Test
  void overridesAreAppliedBeforeValidation() {
    ExperimentSpec s = parse(MINIMAL + "model: {attention: pfa}\n", "model.attention=se",
        "hash.bits=16", "eval.topk=[all,100]", "optim.lr=3e-4", "classifier.enabled=false",
        "loss.classification=0", "data.root=/tmp/data");
    assertEquals("se", s.model().attention());
    assertEquals(16, s.hash().bits());
    assertEquals(List.of(-1, 100), s.eval().topk());
    assertEquals(3e-4, s.optim().lr());
    assertEquals(false, s.classifier().enabled());
    assertEquals("/tmp/data", s.data().root());
    assertNull(parse(MINIMAL + "sweep: {axes: {seed: [1, 2]}}\n", "sweep=null").sweep());
  }

  @Test
  void badOverridesAreReported() {
    assertEquals("--set model.attention: model.attention: 'sse' is not one of none, pfa, se, "
        + "cbam, spatial", error(MINIMAL, "model.attention=sse"));
    assertEquals("--set model.attentoin: model.attentoin: unknown key, did you mean "
        + "'attention'?", error(MINIMAL, "model.attentoin=se"));
    assertEquals("--set optim.lr: optim.lr: expected a number, got 'fast'",
        error(MINIMAL, "optim.lr=fast"));
    assertEquals("--set hash.bits.x: hash.bits.x: 'hash.bits' is a value, not a section",
        error(MINIMAL + "hash: {bits: 8}\n", "hash.bits.x=3"));
    assertEquals("--set 'hash.bits': expected path=value, such as model.attention=se",
        error(MINIMAL, "hash.bits"));
    assertEquals("--set model..x: 'model..x' is not a valid field path (expected names joined by "
        + "dots, such as model.attention)", error(MINIMAL, "model..x=1"));
    String malformed = error(MINIMAL, "eval.topk=[all,");
    assertEquals("--set eval.topk: malformed value '[all,':",
        malformed.substring(0, malformed.indexOf("':") + 2));
  }
}
