package io.dpfah.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.SpecException;
import io.dpfah.spec.SweepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ExperimentTest {

  @Test
  void setReturnsANewExperimentAndLeavesTheOriginalUnchanged() {
    Experiment base = Experiment.load("experiments/synthetic-smoke.yaml");
    Experiment eight = base.set("hash.bits", 8);
    assertEquals(16, base.spec().hash().bits());
    assertEquals(8, eight.spec().hash().bits());
    assertEquals(List.of(), base.overrides());
    assertEquals(List.of("hash.bits=8"), eight.overrides());
  }

  @Test
  void badOverrideFailsAtSetNamingTheField() {
    Experiment base = Experiment.load("experiments/synthetic-smoke.yaml");
    SpecException e = assertThrows(SpecException.class, () -> base.set("hash.bits", "many"));
    assertTrue(e.getMessage().contains("hash.bits"), e.getMessage());
    SpecException unknown = assertThrows(SpecException.class, () -> base.set("hash.bitz", 8));
    assertTrue(unknown.getMessage().contains("bitz"), unknown.getMessage());
  }

  @Test
  void mapValueBecomesASweepWithOneRunPerCombination(@TempDir Path tmp) {
    Experiment exp = Experiment.load("experiments/synthetic-smoke.yaml")
        .set("sweep", Map.of("mode", "grid", "axes", Map.of("hash.bits", List.of(8, 16, 32))))
        .resultsDir(tmp);
    List<SweepRun> runs = exp.runs();
    assertEquals(List.of("bits=8", "bits=16", "bits=32"), runs.stream().map(SweepRun::runId).toList());
    assertEquals(32, runs.get(2).spec().hash().bits());
    Table dry = exp.dryRun();
    assertEquals(3, dry.rowCount());
    assertEquals("to run", dry.stringColumn("status").get(0));
    assertEquals(tmp.resolve("synthetic-smoke"), exp.experimentDir());
  }

  @Test
  void yamlTextOfValues() {
    assertEquals("[8, 16]", Experiment.yamlText(List.of(8, 16)));
    assertEquals("0.5", Experiment.yamlText(0.5));
    assertEquals("{mode: grid}", Experiment.yamlText("{mode: grid}"));
  }

  @Test
  void repoRootIsFoundFromASubfolder(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("pom.xml"), "<project/>");
    Path sub = Files.createDirectories(tmp.resolve("notebooks/deeper"));
    assertEquals(tmp.toRealPath(), Repo.rootFrom(sub).toRealPath());
    Path none = Files.createTempDirectory("no-pom");
    assertThrows(NotebookException.class, () -> Repo.rootFrom(none));
  }
}
