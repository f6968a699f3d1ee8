package io.dpfah.results;

import static io.dpfah.results.MetricsFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * metrics.json is one schema: {@link RunMetrics} (written and read back by {@link MetricsFile}),
 * documented field by field in docs/metrics.md.
 */
class MetricsSchemaTest {

  private static final Path DOC = Path.of("docs/metrics.md");
  private static final Path EVERY_FIELD =
      Path.of("src/test/resources/fixtures/metrics/every-field.json");
  private static final Path OLD = Path.of("src/test/resources/fixtures/old-results");
  private static final Pattern DOC_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

  @TempDir Path tmp;

  /** Both directions: an undocumented record field and a doc row without a field both fail. */
  @Test
  void docsListExactlyTheRecordFields() throws IOException {
    Set<String> record = new TreeSet<>(paths(RunMetrics.class, ""));
    List<String> rows = documentedPaths();
    Set<String> documented = new TreeSet<>(rows);
    assertEquals(rows.size(), documented.size(), "a path documented twice in " + DOC + ": " + rows);
    Set<String> undocumented = new TreeSet<>(record);
    undocumented.removeAll(documented);
    Set<String> stale = new TreeSet<>(documented);
    stale.removeAll(record);
    assertEquals(Set.of(), undocumented, "fields of RunMetrics missing from " + DOC);
    assertEquals(Set.of(), stale, "rows of " + DOC + " that are no field of RunMetrics");
  }

  /** Every field of the fixture is a record field, so it must survive reading and writing. */
  @Test
  void handWrittenFileRoundTripsUnchanged() throws IOException {
    RunMetrics m = MetricsFile.read(EVERY_FIELD);
    assertEquals("classifier.enabled=true,loss.quantization=0.1,seed=7", m.runId());
    assertTrue(m.finished());
    assertEquals(List.of("classifier.enabled", "loss.quantization", "model.attention", "seed"),
        List.copyOf(m.variant().keySet()));
    assertEquals(true, m.variant().get("classifier.enabled"));
    assertEquals(0.1, m.variant().get("loss.quantization"));
    assertEquals(7, m.variant().get("seed"));
    assertEquals(7L, m.seed());
    assertEquals(false, m.flushDenormal());
    assertEquals(318, m.pretrained().tensorsLoaded());
    assertEquals(List.of("fc.weight", "fc.bias"), m.pretrained().dropped());
    assertEquals(8196L, m.params().hash());
    assertEquals(RunMetrics.Cutoff.ALL, m.protocolTopk());
    assertEquals(List.of("all", "5"), List.copyOf(m.retrieval().mapTieAware().keySet()));
    assertEquals(0.7, m.retrieval().mapTieAware().get("5"));
    assertEquals(0.5, m.retrieval().precisionAtN().get(10));
    assertTrue(Double.isNaN(m.retrieval().prRadius().precision().get(0)), "\"NaN\" reads as NaN");
    assertEquals(List.of(0L, 0L, 0L, 3L), m.classification().confusion().get(2));
    assertEquals(true, m.classification().multiLabel());
    assertEquals(124.25, m.timing().totalS());

    String text = Files.readString(EVERY_FIELD).strip();
    assertEquals(text, MetricsFile.toJson(m), "same fields, order and layout");
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(text), json.readTree(MetricsFile.toJson(m)));
    assertEquals(new TreeSet<>(paths(RunMetrics.class, "")), recordPathsIn(text),
        "the fixture has every field");
  }

  /**
   * Committed result folders of earlier generations (copies in fixtures/old-results) read with
   * their values and are written back byte for byte.
   */
  @Test
  void oldFormatFixturesReadAndRewriteUnchanged() throws IOException {
    RunMetrics m = MetricsFile.read(OLD.resolve("dpfah-fmnist/seed=1-36186c41/metrics.json"));
    assertEquals("dpfah-fmnist", m.experiment());
    assertTrue(m.finished());
    assertNull(m.error());
    assertEquals(32, m.bits());
    assertEquals(List.of(), List.copyOf(m.variant().keySet()));
    assertEquals("cpu()", m.device());
    assertEquals(true, m.flushDenormal());
    assertNull(m.pretrained(), "trained before pretrained weights existed");
    assertEquals(11193258L, m.params().total());
    assertEquals(new RunMetrics.Cutoff(1000), m.protocolTopk());
    assertEquals(0.756337052796871, m.retrieval().mapTieAware().get("all"));
    assertEquals(0.8027276415108083, m.retrieval().map().get("1000"));
    assertEquals(0.819, m.retrieval().precisionAtN().get(1));
    assertEquals(0.7813877737965784, m.retrieval().precisionRadius2());
    assertEquals(33, m.retrieval().prRadius().precision().size());
    assertEquals(0.853, m.classification().accuracy());
    assertEquals(List.of(90L, 0L, 2L, 3L, 0L, 0L, 5L, 0L, 0L, 0L),
        m.classification().confusion().get(0));
    assertEquals(500.011687771, m.timing().trainS());
    List<Path> files;
    try (Stream<Path> s = Files.walk(OLD)) {
      files = s.filter(p -> p.getFileName().toString().equals("metrics.json")).sorted().toList();
    }
    assertEquals(3, files.size());
    for (Path f : files) {
      assertEquals(Files.readString(f).strip(), MetricsFile.toJson(MetricsFile.read(f)),
          f.toString());
    }
  }

  /** Older and newer files: unknown fields are ignored, absent ones are null. */
  @Test
  void unknownFieldsIgnoredAndAbsentOnesNull() {
    Path f = write(tmp.resolve("metrics.json"), """
        {"status": "finished", "bits": 16, "added_later": {"x": [1, 2]},
         "retrieval": {"map_tie_aware": {"all": NaN}, "ndcg": 0.3},
         "timing": {"total_s": 2.5, "gpu_s": 1.0}}
        """);
    RunMetrics m = MetricsFile.read(f);
    assertEquals(16, m.bits());
    assertTrue(Double.isNaN(m.retrieval().mapTieAware().get("all")), "a bare NaN token reads");
    assertNull(m.retrieval().map());
    assertNull(m.retrieval().prRadius());
    assertNull(m.protocolTopk());
    assertNull(m.classification());
    assertNull(m.timing().trainS());
    assertEquals(2.5, m.timing().totalS());
    assertEquals("""
        {
          "status" : "finished",
          "error" : null,
          "bits" : 16,
          "retrieval" : {
            "map_tie_aware" : {
              "all" : "NaN"
            }
          },
          "timing" : {
            "total_s" : 2.5
          }
        }""", MetricsFile.toJson(m), "absent fields stay absent, error is always written");
  }

  /** Reading does not coerce types; the error names the file and the field. */
  @Test
  void wrongTypesNameFileAndField() {
    assertError("{\"bits\": 32.5}", "'bits': expected an integer, found 32.5");
    assertError("{\"bits\": \"32\"}", "'bits': expected an integer, found \"32\"");
    assertError("{\"error\": 5}", "'error': expected a string, found 5");
    assertError("{\"params\": [1]}", "'params': expected an object, found [1]");
    assertError("{\"retrieval\": {\"pr_radius\": {\"recall\": [0.5, \"x\"]}}}",
        "'retrieval.pr_radius.recall[1]': expected a number, found \"x\"");
    assertError("{\"retrieval\": {\"p_at_n\": {\"ten\": 0.5}}}",
        "'retrieval.p_at_n': key \"ten\" is not an integer");
    assertError("{\"retrieval\": {\"map\": {\"top5\": 0.5}}}",
        "'retrieval': map: key \"top5\" is neither \"all\" nor a positive integer");
    assertError("{\"protocol_topk\": \"most\"}",
        "'protocol_topk': expected \"all\" or a positive integer, found most");
    assertError("{\"classification\": {\"confusion\": [[1, 2.5]]}}",
        "'classification.confusion[0][1]': expected an integer, found 2.5");
  }

  private void assertError(String json, String expected) {
    Path f = write(tmp.resolve("bad.json"), json);
    ResultsReadException e = assertThrows(ResultsReadException.class, () -> MetricsFile.read(f));
    assertEquals(f + ": field " + expected, e.getMessage());
  }

  /** JSON paths of a record's components, recursively ({@code retrieval}, {@code retrieval.map}). */
  static List<String> paths(Class<?> type, String prefix) {
    List<String> out = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
      String path = prefix + (p != null ? p.value() : c.getName());
      out.add(path);
      Class<?> t = c.getType();
      boolean scalar =
          Arrays.stream(t.getMethods()).anyMatch(m -> m.isAnnotationPresent(JsonValue.class));
      if (t.isRecord() && !scalar) {
        out.addAll(paths(t, path + "."));
      }
    }
    return out;
  }

  /** The paths in the first column of the field table of docs/metrics.md. */
  private static List<String> documentedPaths() throws IOException {
    List<String> out = new ArrayList<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(DOC)) {
      if (line.matches("^\\|\\s*path\\s*\\|.*")) {
        inTable = true;
      } else if (inTable && !line.startsWith("|")) {
        inTable = false;
      } else if (inTable) {
        Matcher m = DOC_ROW.matcher(line);
        if (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    assertTrue(!out.isEmpty(), DOC + " has a table with a 'path' column");
    return out;
  }

  /** The record field paths present in a JSON text (maps and lists are not descended into). */
  private static Set<String> recordPathsIn(String text) throws IOException {
    Set<String> record = new LinkedHashSet<>(paths(RunMetrics.class, ""));
    Set<String> out = new TreeSet<>();
    collect(new ObjectMapper().readTree(text), "", record, out);
    return out;
  }

  private static void collect(JsonNode node, String prefix, Set<String> record, Set<String> out) {
    node.properties().forEach(e -> {
      String path = prefix + e.getKey();
      if (record.contains(path)) {
        out.add(path);
        collect(e.getValue(), path + ".", record, out);
      }
    });
  }
}
