package io.dpfah.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlanTest {
  private static final String SRC = "experiments/s.yaml";
  private static final String BASE = "name: sw\ndata: {dataset: cifar10}\n";

  private static List<SweepRun> expand(String yaml, String... overrides) {
    return SweepPlan.expand(yaml, SRC, List.of(overrides));
  }

  private static String error(String yaml) {
    return assertThrows(SpecException.class, () -> expand(yaml)).getMessage();
  }

  private static List<String> ids(List<SweepRun> runs) {
    return runs.stream().map(SweepRun::runId).toList();
  }

  @Test
  void gridExpandsWithFirstAxisSlowest(@TempDir Path dir) throws IOException {
    String yaml = BASE + """
        sweep:
          mode: grid
          axes:
            model.attention: [none, pfa, se, cbam]
            hash.bits: [16, 32, 48, 64]
            seed: [1, 2, 3]
        """;
    Path file = dir.resolve("grid.yaml");
    Files.writeString(file, yaml);
    List<SweepRun> runs = SweepPlan.expand(file, List.of());
    assertEquals(48, runs.size());
    List<String> expectedIds = new ArrayList<>();
    for (String a : List.of("none", "pfa", "se", "cbam")) {
      for (int b : List.of(16, 32, 48, 64)) {
        for (int s = 1; s <= 3; s++) {
          expectedIds.add("attention=" + a + ",bits=" + b + ",seed=" + s);
        }
      }
    }
    assertEquals(expectedIds, ids(runs));
    SweepRun r = runs.get(20);
    assertEquals("attention=pfa,bits=48,seed=3", r.runId());
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("model.attention", "pfa");
    variant.put("hash.bits", 48);
    variant.put("seed", 3);
    assertEquals(variant, r.variant());
    assertEquals("pfa", r.spec().model().attention());
    assertEquals(48, r.spec().hash().bits());
    assertEquals(3, r.spec().seed());
    assertNull(r.spec().sweep());
    // Everything not swept is the base spec.
    ExperimentSpec base = SpecLoader.load(file);
    assertEquals(base.optim(), r.spec().optim());
    assertEquals(List.of("model.attention", "hash.bits", "seed"),
        List.copyOf(base.sweep().axes().keySet()));
  }

  @Test
  void listModeRunsVariantsInOrder() {
    List<SweepRun> runs = expand(BASE + """
        sweep:
          mode: list
          variants:
            - {model.attention: none}
            - {classifier.enabled: false, loss.classification: 0}
            - {}
        """);
    assertEquals(List.of("attention=none", "enabled=false,classification=0", "default"),
        ids(runs));
    assertEquals("none", runs.get(0).spec().model().attention());
    assertEquals("pfa", runs.get(1).spec().model().attention());
    assertEquals(false, runs.get(1).spec().classifier().enabled());
    assertEquals(0.0, runs.get(1).spec().loss().classification());
    assertEquals(parse(BASE), runs.get(2).spec());
  }

  private static ExperimentSpec parse(String yaml) {
    return SpecLoader.parse(yaml, SRC, List.of());
  }

  @Test
  void gridIsCrossedWithVariantsVariantsFastest() {
    List<SweepRun> runs = expand(BASE + """
        sweep:
          axes: {hash.bits: [16, 32]}
          variants: [{optim.lr: 0.01}, {optim.optimizer: sgd, optim.lr: 0.1}]
        """);
    assertEquals(List.of("bits=16,lr=0.01", "bits=16,optimizer=sgd,lr=0.1", "bits=32,lr=0.01",
        "bits=32,optimizer=sgd,lr=0.1"), ids(runs));
    assertEquals(0.1, runs.get(3).spec().optim().lr());
    assertEquals("sgd", runs.get(3).spec().optim().optimizer());
    assertEquals("adam", runs.get(2).spec().optim().optimizer());
  }

  @Test
  void sharedLastSegmentsAreDisambiguatedAndValuesMadeSafe() {
    List<SweepRun> runs = expand(BASE + """
        sweep:
          axes:
            optim.batch_size: [32]
            eval.batch_size: [64]
            eval.topk: [[all, 100]]
            data.root: [/mnt/a b]
        """);
    assertEquals(List.of("optim.batch_size=32,eval.batch_size=64,topk=all-100,root=_mnt_a_b"),
        ids(runs));
    assertEquals(List.of(-1, 100), runs.get(0).spec().eval().topk());
  }

  @Test
  void specWithoutSweepIsOneDefaultRun() {
    List<SweepRun> runs = expand(BASE, "hash.bits=64");
    assertEquals(1, runs.size());
    assertEquals("default", runs.get(0).runId());
    assertEquals(Map.of(), runs.get(0).variant());
    assertEquals(64, runs.get(0).spec().hash().bits());
  }

  @Test
  void overridesApplyToBaseAndSweepValuesWin() {
    List<SweepRun> runs = expand(BASE + "sweep: {axes: {hash.bits: [16, 32]}}\n",
        "hash.bits=64", "model.attention=se", "sweep.axes.seed=[5]");
    assertEquals(List.of("bits=16,seed=5", "bits=32,seed=5"), ids(runs));
    assertEquals(16, runs.get(0).spec().hash().bits());
    assertEquals("se", runs.get(1).spec().model().attention());
  }

  @Test
  void invalidSweepValuesAreReportedAtTheirLine() {
    String yaml = BASE + """
        sweep:
          axes:
            hash.bits: [16, 32]
            model.attention:
              - pfa
              - sse
        """;
    assertEquals("experiments/s.yaml:8: model.attention: 'sse' is not one of none, pfa, se, "
        + "cbam, spatial", error(yaml));
    // The loader validates the sweep too.
    assertEquals("experiments/s.yaml:8: model.attention: 'sse' is not one of none, pfa, se, "
        + "cbam, spatial",
        assertThrows(SpecException.class, () -> parse(yaml)).getMessage());
    assertEquals("experiments/s.yaml:5: hash.bits: must be between 4 and 1024, got 2",
        error(BASE + "sweep:\n  axes:\n    hash.bits: [16, 2]\n"));
    assertEquals("experiments/s.yaml:5: model.attentoin: unknown key, did you mean 'attention'?",
        error(BASE + "sweep:\n  axes:\n    model.attentoin: [se]\n"));
    assertEquals("experiments/s.yaml:6: optim.lr: expected a number, got 'fast'",
        error(BASE + "sweep:\n  mode: list\n  variants:\n    - {optim.lr: fast}\n"));
  }

  @Test
  void malformedSweepBlocksAreReported() {
    assertEquals("experiments/s.yaml:5: sweep.axes.hash.bits: expected a non-empty list of "
        + "values, got '16'", error(BASE + "sweep:\n  axes:\n    hash.bits: 16\n"));
    assertEquals("experiments/s.yaml:5: sweep.axes.seed: duplicate value 1",
        error(BASE + "sweep:\n  axes:\n    seed: [1, 1]\n"));
    assertEquals("experiments/s.yaml:3: sweep.mode: 'random' is not one of grid, list",
        error(BASE + "sweep: {mode: random, axes: {seed: [1]}}\n"));
    assertEquals("experiments/s.yaml:3: sweep.axes: grid mode needs at least one axis",
        error(BASE + "sweep:\n  mode: grid\n"));
    assertEquals("experiments/s.yaml:5: sweep.axes: only allowed in grid mode (use variants in "
        + "list mode)", error(BASE + "sweep:\n  mode: list\n  axes: {seed: [1]}\n"));
    assertEquals("experiments/s.yaml:6: sweep.variants[0].seed: is also a grid axis",
        error(BASE + "sweep:\n  axes: {seed: [1, 2]}\n  variants:\n    - {seed: 3}\n"));
    assertEquals("experiments/s.yaml:3: sweep.axes.name: 'name' cannot be swept",
        error(BASE + "sweep: {axes: {name: [a, b]}}\n"));
    assertEquals("experiments/s.yaml:3: sweep: runs 1 and 2 are the same (seed=1)",
        error(BASE + "sweep:\n  variants: [{seed: 1}, {seed: 1}]\n"));
  }

  @Test
  void expandsAResolvedSpec() {
    ExperimentSpec spec = parse(BASE + "sweep: {axes: {seed: [1, 2]}}\n");
    List<SweepRun> runs = SweepPlan.expand(spec);
    assertEquals(List.of("seed=1", "seed=2"), ids(runs));
    assertEquals(2, runs.get(1).spec().seed());
  }

  @Test
  void shardsCoverEveryRunExactlyOnce() {
    List<SweepRun> runs = expand(BASE + "sweep: {axes: {seed: [1, 2, 3, 4, 5, 6, 7]}}\n");
    for (int n = 1; n <= 5; n++) {
      List<SweepRun> union = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        List<SweepRun> shard = SweepPlan.shard(runs, i, n);
        assertEquals(SweepPlan.shard(runs, i + "/" + n), shard);
        int expectedSize = (runs.size() - i) / n + 1;
        assertEquals(expectedSize, shard.size(), "shard " + i + "/" + n);
        union.addAll(shard);
      }
      union.sort((a, b) -> Long.compare(a.spec().seed(), b.spec().seed()));
      assertEquals(runs, union, "n=" + n);
    }
    assertEquals(List.of("seed=2", "seed=5"), ids(SweepPlan.shard(runs, 2, 3)));
  }

  @Test
  void badShardsAreRejected() {
    List<SweepRun> runs = expand(BASE);
    assertEquals("shard '3': expected i/n with 1 <= i <= n, such as 2/4",
        assertThrows(SpecException.class, () -> SweepPlan.shard(runs, "3")).getMessage());
    assertEquals("shard 4/3: expected i/n with n >= 1 and 1 <= i <= n",
        assertThrows(SpecException.class, () -> SweepPlan.shard(runs, "4/3")).getMessage());
    assertEquals("shard 0/2: expected i/n with n >= 1 and 1 <= i <= n",
        assertThrows(SpecException.class, () -> SweepPlan.shard(runs, 0, 2)).getMessage());
    assertEquals(new Shard(2, 4), Shard.parse(" 2 / 4 "));
  }

  @Test
  void runsAreCountedBeforeAnyIsBuiltAndTooManyAreRefused() {
    String grid = BASE + """
        sweep:
          axes:
            seed: [1, 2, 3]
            hash.bits: [16, 32]
          variants:
            - {}
            - {model.attention: none}
        """;
    assertEquals(12, SweepPlan.expand(grid, SRC, List.of(), 12).size());
    SpecException e = assertThrows(SpecException.class,
        () -> SweepPlan.expand(grid, SRC, List.of(), 11));
    assertEquals(SRC + ":3: sweep: 12 runs (3 × 2 × 2 variants), more than the limit of 11;"
        + " raise it with --max-runs N (dpfah run, sweep, validate) if that many runs are meant",
        e.getMessage());
    String list = BASE + "sweep:\n  variants:\n    - {}\n    - {seed: 2}\n    - {seed: 3}\n";
    SpecException listed = assertThrows(SpecException.class,
        () -> SpecLoader.parse(list, SRC, List.of(), 2));
    assertTrue(listed.getMessage().contains("sweep: 3 runs (3 variants), more than the limit of 2"),
        listed.getMessage());
  }

  @Test
  void aCountBeyondLongIsStillRefused() {
    StringBuilder yaml = new StringBuilder(BASE + "sweep:\n  axes:\n");
    for (String path : List.of("seed", "hash.bits", "optim.epochs", "optim.batch_size",
        "eval.batch_size", "data.image_size", "threads")) {
      StringBuilder v = new StringBuilder("[");
      for (int i = 1; i <= 1000; i++) {
        v.append(i == 1 ? "" : ", ").append(i + 1);
      }
      yaml.append("    ").append(path).append(": ").append(v).append("]\n");
    }
    SpecException e = assertThrows(SpecException.class, () -> expand(yaml.toString()));
    assertTrue(e.getMessage().contains("sweep: more than 9.2e18 runs (1,000 × 1,000 × 1,000"),
        e.getMessage());
  }
}
