package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The hyper-parameters of an experiment's finished runs, from each run's {@code spec.yaml}: the
 * settings that differ between runs, per variant (so they sit beside the results, whose rows are
 * variants), and the settings every run shares. {@code seed} and {@code hash.bits} are left out
 * of the per-variant table: they are the tables' seeds and columns.
 */
final class Settings {
  /** Spec keys that the result tables already lay out (columns and seeds). */
  private static final Set<String> LAID_OUT = Set.of("seed", "hash.bits");

  private Settings() {}

  /**
   * Rows = variants, columns = the spec keys (dotted) whose value differs between finished runs;
   * a variant whose runs disagree on a key lists the values joined by " / ". No columns but
   * {@code variant} when nothing differs.
   */
  static Table perVariant(ExperimentResults results) {
    Map<RunRecord, Map<String, String>> specs = specs(results);
    List<String> keys = differing(specs);
    keys.removeAll(LAID_OUT);
    Table t = Table.create("Settings that differ between variants (from each run's spec.yaml)",
        StringColumn.create("variant", results.variants()));
    for (String key : keys) {
      StringColumn c = StringColumn.create(key);
      for (String v : results.variants()) {
        Set<String> values = new LinkedHashSet<>();
        specs.forEach((r, spec) -> {
          if (r.variantLabel().equals(v) && spec.containsKey(key)) {
            values.add(spec.get(key));
          }
        });
        c.append(values.isEmpty() ? Tables.MISSING : String.join(" / ", values));
      }
      t.addColumns(c);
    }
    return t;
  }

  /** The settings every finished run with a spec.yaml shares: key and value. */
  static Table common(ExperimentResults results) {
    Map<RunRecord, Map<String, String>> specs = specs(results);
    List<String> differ = differing(specs);
    StringColumn key = StringColumn.create("setting");
    StringColumn value = StringColumn.create("value");
    Map<String, String> first = specs.isEmpty() ? Map.of() : specs.values().iterator().next();
    first.forEach((k, v) -> {
      if (!differ.contains(k)) {
        key.append(k);
        value.append(v);
      }
    });
    return Table.create("Settings shared by all " + specs.size() + " finished runs with a "
        + RunFiles.SPEC, key, value);
  }

  private static Map<RunRecord, Map<String, String>> specs(ExperimentResults results) {
    Map<RunRecord, Map<String, String>> out = new LinkedHashMap<>();
    for (RunRecord r : results.finished()) {
      Map<String, String> spec = RunFiles.spec(r.dir());
      if (!spec.isEmpty()) {
        out.put(r, spec);
      }
    }
    return out;
  }

  /** Keys, in first-seen order, with more than one value or absent from some spec. */
  private static List<String> differing(Map<RunRecord, Map<String, String>> specs) {
    Map<String, Set<String>> values = new LinkedHashMap<>();
    specs.values().forEach(spec -> spec.forEach((k, v) ->
        values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v)));
    List<String> out = new ArrayList<>();
    values.forEach((k, vs) -> {
      boolean everywhere = specs.values().stream().allMatch(s -> s.containsKey(k));
      if (vs.size() > 1 || !everywhere) {
        out.add(k);
      }
    });
    return out;
  }
}
