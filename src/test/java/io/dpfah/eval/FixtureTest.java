package io.dpfah.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reproduces the shared reference fixtures (DeepHash-pytorch figures, stable ties) to 1e-9. */
class FixtureTest {
  static final Path FIXTURES = Path.of("..", "shared", "fixtures");

  static Path fixture(String name) {
    Path dir = FIXTURES.resolve(name);
    assertTrue(Files.isDirectory(dir), "fixture folder " + dir.toAbsolutePath()
        + " is missing; tests expect ../shared/fixtures next to the project directory");
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"retrieval-single-k32", "retrieval-multi-k64"})
  void reproducesExpectedFigures(String name) throws IOException {
    Path dir = fixture(name);
    JsonNode exp = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    EvalInputs.Loaded in = EvalInputs.load(dir.resolve("query_codes.npy"), dir.resolve("db_codes.npy"),
        dir.resolve("query_labels.npy"), dir.resolve("db_labels.npy"));
    assertEquals(exp.get("bits").asInt(), in.query().bits());
    assertEquals(exp.get("nq").asInt(), in.query().size());
    assertEquals(exp.get("ndb").asInt(), in.db().size());
    assertEquals(exp.get("multilabel").asBoolean(), in.dbLabels().isMultiLabel());
    EvalOptions opts = new EvalOptions(List.of(-1, 1000, 100), List.of(1, 10, 100, 1000), 2);
    RetrievalMetrics m = RetrievalEvaluator.evaluate(in.query(), in.queryLabels(), in.db(), in.dbLabels(), opts);
    for (int k : List.of(-1, 1000, 100)) {
      String key = EvalOptions.key(k);
      assertEquals(exp.get("map_deephash@" + key).asDouble(), m.map().get(k), 1e-9, "map@" + key);
      assertEquals(exp.get("map_hashnet@" + key).asDouble(), m.mapHashnet().get(k), 1e-9, "hashnet@" + key);
    }
    for (int n : List.of(1, 10, 100, 1000)) {
      assertEquals(exp.get("p_at_" + n).asDouble(), m.precisionAtN().get(n), 1e-9, "p@" + n);
    }
    assertEquals(exp.get("p_r2").asDouble(), m.precisionRadius2(), 1e-9, "p_r2");
    JsonNode prec = exp.get("pr_radius").get("precision");
    JsonNode rec = exp.get("pr_radius").get("recall");
    assertEquals(in.query().bits() + 1, prec.size());
    for (int r = 0; r < prec.size(); r++) {
      assertEquals(prec.get(r).asDouble(), m.prPrecision().get(r), 1e-9, "precision r=" + r);
      assertEquals(rec.get(r).asDouble(), m.prRecall().get(r), 1e-9, "recall r=" + r);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"retrieval-single-k32", "retrieval-multi-k64"})
  void figuresDoNotDependOnThreadCount(String name) {
    Path dir = fixture(name);
    EvalInputs.Loaded in = EvalInputs.load(dir.resolve("query_codes.npy"), dir.resolve("db_codes.npy"),
        dir.resolve("query_labels.npy"), dir.resolve("db_labels.npy"));
    EvalOptions opts = EvalOptions.defaults();
    RetrievalMetrics one = RetrievalEvaluator.evaluate(in.query(), in.queryLabels(), in.db(), in.dbLabels(), opts.withThreads(1));
    RetrievalMetrics three = RetrievalEvaluator.evaluate(in.query(), in.queryLabels(), in.db(), in.dbLabels(), opts.withThreads(3));
    assertEquals(one, three);
  }
}
