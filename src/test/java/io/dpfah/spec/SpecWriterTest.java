package io.dpfah.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecWriterTest {
  private static ExperimentSpec parse(String yaml) {
    return SpecLoader.parse(yaml, "x.yaml", List.of());
  }

  private static void assertRoundTrip(ExperimentSpec spec) {
    String yaml = SpecWriter.toYaml(spec);
    assertEquals(spec, SpecLoader.parse(yaml, "written.yaml", List.of()), yaml);
  }

  @Test
  void defaultsRoundTrip() {
    assertRoundTrip(parse("name: m\ndata: {dataset: cifar10}\n"));
  }

  @Test
  void everyOptionalPartRoundTrips() {
    assertRoundTrip(parse("""
        name: syn
        seed: 123456789012
        data: {dataset: synthetic, root: /tmp/x, synthetic: {noise: 0.25, multi_label: true}}
        model: {lambda: 0.000123, attention: spatial}
        classifier: {enabled: false}
        optim: {lr: 3e-4, weight_decay: 0, gamma: 0.3333333333333333}
        eval: {topk: [10, all], precision_at: []}
        sweep:
          axes:
            model.attention: [none, pfa]
            optim.lr: [0.1, 1e-5]
            eval.topk: [[all], [5, 10]]
            data.root: [null, 'yes', '32']
          variants:
            - {loss.memory: false}
            - {}
        """));
    assertRoundTrip(parse("""
        name: selecting
        data: {dataset: synthetic, validation_per_class: 3}
        train: {checkpoint: false, checkpoint_every: 7}
        eval: {select: best}
        """));
    assertRoundTrip(parse("""
        name: lists
        data: {dataset: image-list, lists: {train: t.txt}}
        sweep: {mode: list, variants: [{hash.bits: 16}]}
        """));
  }

  @Test
  void writesEveryFieldExplicitlyInSnakeCase() {
    Map<String, Object> m = SpecWriter.toMap(parse("name: m\ndata: {dataset: synthetic}\n"));
    assertEquals(List.of("name", "seed", "device", "threads", "data", "model", "hash",
        "classifier", "method", "loss", "optim", "train", "eval", "sweep"),
        List.copyOf(m.keySet()));
    @SuppressWarnings("unchecked")
    Map<String, Object> eval = (Map<String, Object>) m.get("eval");
    assertEquals(List.of("all", 1000), eval.get("topk"));
    String yaml = SpecWriter.toYaml(parse("name: m\ndata: {dataset: synthetic}\n"));
    assertTrue(yaml.contains("train_per_class: 100"), yaml);
    assertTrue(yaml.contains("weight_decay: 1.0E-5") || yaml.contains("weight_decay: 1e-05"),
        yaml);
  }

  @Test
  void mapSerialisesToJson() throws IOException {
    String json = new ObjectMapper().writeValueAsString(
        SpecWriter.toMap(parse("name: m\ndata: {dataset: cifar10}\nhash: {bits: 16}\n")));
    assertTrue(json.startsWith("{\"name\":\"m\",\"seed\":0,\"device\":\"auto\""), json);
    assertTrue(json.contains("\"hash\":{\"bits\":16}"), json);
  }

  /** The spec reference in README.md documents every field the writer emits. */
  @Test
  void referenceDocumentsEveryField() throws IOException {
    String doc = Files.readString(Path.of("README.md"));
    ExperimentSpec spec = parse("""
        name: m
        data: {dataset: synthetic}
        sweep: {axes: {seed: [1]}, variants: [{}]}
        """);
    List<String> paths = new ArrayList<>();
    collect("", SpecWriter.toMap(spec), paths);
    paths.addAll(List.of("data.lists.train", "data.lists.query", "data.lists.database"));
    for (String p : paths) {
      assertTrue(doc.contains("`" + p + "`"), "README.md lacks `" + p + "`");
    }
  }

  @SuppressWarnings("unchecked")
  private static void collect(String prefix, Map<String, Object> m, List<String> out) {
    m.forEach((k, v) -> {
      String p = prefix.isEmpty() ? k : prefix + "." + k;
      if (v instanceof Map<?, ?> sub && !prefix.startsWith("sweep")) {
        collect(p, (Map<String, Object>) sub, out);
      } else {
        out.add(p);
      }
    });
  }
}
