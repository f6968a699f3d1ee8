package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Where an experiment's finished runs came from, from each run's {@code provenance.json} and
 * {@code metrics.json}: git commit (and whether the tree was dirty), device, engine, DJL and Java
 * versions, OS, cores and heap, each with the number of runs per distinct value; the first and
 * last start time; the summed wall time of the runs and of their training.
 */
final class ProvenanceTable {
  /** provenance.json fields shown, with their row names. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("git_commit", "git commit");
    FIELDS.put("device", "device");
    FIELDS.put("engine", "engine");
    FIELDS.put("djl", "DJL");
    FIELDS.put("java", "Java");
    FIELDS.put("os", "OS");
    FIELDS.put("cores", "cores");
    FIELDS.put("max_heap_mb", "max heap (MiB)");
  }

  private ProvenanceTable() {}

  /** Rows {@code what, value}: one per field, values as "v (n runs)" joined by "; ". */
  static Table of(ExperimentResults results) {
    StringColumn what = StringColumn.create("what");
    StringColumn value = StringColumn.create("value");
    List<RunRecord> runs = results.finished();
    List<Map<String, Object>> provenance = new ArrayList<>();
    runs.forEach(r -> provenance.add(RunFiles.provenance(r.dir())));
    long with = provenance.stream().filter(p -> !p.isEmpty()).count();
    what.append("runs with provenance.json");
    value.append(with + " of " + runs.size() + " finished");
    for (Map.Entry<String, String> f : FIELDS.entrySet()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (Map<String, Object> p : provenance) {
        Object v = p.get(f.getKey());
        if (v != null) {
          String text = String.valueOf(v);
          if (f.getKey().equals("git_commit")) {
            text = text.substring(0, Math.min(12, text.length()))
                + (Boolean.TRUE.equals(p.get("git_dirty")) ? " (uncommitted changes)" : "");
          }
          counts.merge(text, 1, Integer::sum);
        }
      }
      if (!counts.isEmpty()) {
        what.append(f.getValue());
        value.append(counts.size() == 1 && counts.values().iterator().next() == with
            ? counts.keySet().iterator().next() + " (all)" : join(counts));
      }
    }
    TreeSet<String> started = new TreeSet<>();
    provenance.forEach(p -> {
      if (p.get("started") != null) {
        started.add(String.valueOf(p.get("started")));
      }
    });
    if (!started.isEmpty()) {
      what.append("started");
      value.append(started.size() == 1 ? started.first()
          : started.first() + " … " + started.last());
    }
    double total = 0;
    double train = 0;
    for (RunRecord r : runs) {
      RunMetrics.Timing t = r.metrics().timing();
      total += t == null || t.totalS() == null ? 0 : t.totalS();
      train += t == null || t.trainS() == null ? 0 : t.trainS();
    }
    what.append("wall time (sum over runs)");
    value.append(duration(total) + " in total, " + duration(train) + " of it training");
    return Table.create("Provenance of the " + runs.size() + " finished runs", what, value);
  }

  private static String join(Map<String, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((v, n) -> parts.add(v + " (" + n + (n == 1 ? " run)" : " runs)")));
    return String.join("; ", parts);
  }

  /** Seconds as {@code 1 h 02 min 05 s}, {@code 3 min 20 s} or {@code 12.5 s}. */
  static String duration(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    Duration d = Duration.ofMillis(Math.round(seconds * 1000));
    if (d.toHours() == 0) {
      return String.format(Locale.ROOT, "%d min %02d s", d.toMinutesPart(), d.toSecondsPart());
    }
    return String.format(Locale.ROOT, "%d h %02d min %02d s", d.toHours(), d.toMinutesPart(),
        d.toSecondsPart());
  }
}
