package io.dpfah.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A run folder's {@code spec.yaml} and {@code provenance.json} read leniently for the report: a
 * missing or unreadable file reads as empty (the report then shows less, it does not fail), and
 * the caller is told which files could not be read.
 */
final class RunFiles {
  /** The resolved spec every run folder holds. */
  static final String SPEC = "spec.yaml";
  /** Commit, versions and machine of the run. */
  static final String PROVENANCE = "provenance.json";

  private RunFiles() {}

  /**
   * The spec as dotted keys in file order ({@code model.attention → pfa}); lists and nulls as
   * text ({@code [all, 1000]}, {@code null}); empty when the file is absent or not YAML.
   */
  static Map<String, String> spec(Path runDir) {
    Path f = runDir.resolve(SPEC);
    if (!Files.isRegularFile(f)) {
      return Map.of();
    }
    try {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(f));
      Map<String, String> out = new LinkedHashMap<>();
      if (root instanceof Map<?, ?> m) {
        flatten("", m, out);
      }
      return Collections.unmodifiableMap(out);
    } catch (IOException | YAMLException e) {
      return Map.of();
    }
  }

  /** The provenance fields as read (numbers, strings, booleans); empty when absent or not JSON. */
  static Map<String, Object> provenance(Path runDir) {
    Path f = runDir.resolve(PROVENANCE);
    if (!Files.isRegularFile(f)) {
      return Map.of();
    }
    try {
      Map<?, ?> m = new ObjectMapper().readValue(f.toFile(), Map.class);
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return Collections.unmodifiableMap(out);
    } catch (IOException e) {
      return Map.of();
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach((k, v) -> {
      String key = prefix + k;
      if (v instanceof Map<?, ?> sub && !sub.isEmpty()) {
        flatten(key + ".", sub, out);
      } else if (v instanceof List<?> list) {
        out.put(key, list.toString());
      } else {
        out.put(key, String.valueOf(v));
      }
    });
  }
}
