package io.dpfah.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Expands a spec's {@code sweep:} block into validated runs and splits them into shards.
 *
 * <p>Grid mode: cartesian product of the axes, first axis varying slowest; optional variants are
 * crossed with every grid point (variants vary fastest). List mode: the variants in order. Each
 * run is the base document (after {@code --set} overrides) with the sweep's values put at their
 * paths, then validated like a file, so a bad sweep value is reported at its own line. Sweep
 * values win over {@code --set} on the same path. A spec without sweep is one run, id
 * {@code default}.
 *
 * <p>Run ids join {@code short=value} for each swept path in sweep order with commas, where
 * {@code short} is the path's last segment, or the shortest dotted suffix that tells it apart
 * from the sweep's other paths (e.g. {@code optim.batch_size} next to {@code eval.batch_size});
 * characters other than letters, digits and {@code . _ + -} in values become {@code _}.
 *
 * <p>A sweep of more than {@code maxRuns} runs ({@link #DEFAULT_MAX_RUNS} unless given) is
 * refused before any run is built, with its run count computed from the axis sizes: a typo such
 * as a 1,000-value axis would otherwise keep validation busy for hours.
 */
public final class SweepPlan {
  /** Id of the single run of a spec without sweep. */
  public static final String DEFAULT_RUN_ID = "default";

  /** The largest sweep accepted unless a higher limit is given ({@code --max-runs}). */
  public static final int DEFAULT_MAX_RUNS = 10_000;

  private SweepPlan() {}

  /** Loads {@code file} with overrides ({@code path=value}) and expands its sweep. */
  public static List<SweepRun> expand(Path file, List<String> overrides) {
    return expand(file, overrides, DEFAULT_MAX_RUNS);
  }

  /** As {@link #expand(Path, List)}, refusing sweeps of more than {@code maxRuns} runs. */
  public static List<SweepRun> expand(Path file, List<String> overrides, long maxRuns) {
    return expand(SpecLoader.read(file), file.toString(), overrides, maxRuns);
  }

  /** Expands spec text; {@code source} names it in error messages. */
  public static List<SweepRun> expand(String yaml, String source, List<String> overrides) {
    return expand(yaml, source, overrides, DEFAULT_MAX_RUNS);
  }

  /** As {@link #expand(String, String, List)}, refusing sweeps of more than {@code maxRuns}. */
  public static List<SweepRun> expand(String yaml, String source, List<String> overrides,
      long maxRuns) {
    Doc.Mapping doc = SpecLoader.document(yaml, source, overrides);
    return expand(doc, SpecBinder.bind(doc), maxRuns);
  }

  /** Expands an already resolved spec (for example one built in a notebook). */
  public static List<SweepRun> expand(ExperimentSpec spec) {
    return expand(SpecWriter.toYaml(spec), "<spec " + spec.name() + ">", List.of());
  }

  /** Shard {@code i} of {@code n} (1-based), see {@link Shard}. */
  public static List<SweepRun> shard(List<SweepRun> runs, int i, int n) {
    return new Shard(i, n).select(runs);
  }

  /** Shard given as {@code "i/n"}, see {@link Shard#parse}. */
  public static List<SweepRun> shard(List<SweepRun> runs, String iOfN) {
    return Shard.parse(iOfN).select(runs);
  }

  static List<SweepRun> expand(Doc.Mapping doc, ExperimentSpec base, long maxRuns) {
    if (base.sweep() == null) {
      return List.of(new SweepRun(DEFAULT_RUN_ID, Map.of(), base));
    }
    Section root = new Section(doc, "", doc.where(), SpecBinder.ROOT_KEYS);
    SweepBlock block = SweepBlock.parse(root, "sweep");
    long count = block.count();
    if (count > maxRuns) {
      String runs = count == Long.MAX_VALUE ? "more than 9.2e18" : String.format("%,d", count);
      throw SpecException.at(doc.entries.get("sweep").keyWhere(), "sweep",
          runs + " runs (" + block.countFormula() + "), more than the limit of "
              + String.format("%,d", maxRuns) + "; raise it with --max-runs N"
              + " (dpfah run, sweep, validate) if that many runs are meant");
    }
    List<List<SweepBlock.Assignment>> assignments = block.runs();
    Map<String, String> shortNames = shortNames(assignments);
    List<SweepRun> runs = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (List<SweepBlock.Assignment> run : assignments) {
      Doc.Mapping copy = (Doc.Mapping) Doc.copy(doc);
      copy.entries.remove("sweep");
      Map<String, Object> variant = new LinkedHashMap<>();
      List<String> idParts = new ArrayList<>();
      for (SweepBlock.Assignment a : run) {
        Doc.set(copy, Doc.splitPath(a.path(), a.keyWhere()), Doc.copy(a.value()), a.keyWhere());
        variant.put(a.path(), Doc.plain(a.value()));
        idParts.add(shortNames.get(a.path()) + "=" + safe(Doc.text(a.value())));
      }
      ExperimentSpec spec = SpecBinder.bind(copy);
      String id = idParts.isEmpty() ? DEFAULT_RUN_ID : String.join(",", idParts);
      Integer previous = seen.putIfAbsent(id, runs.size());
      if (previous != null) {
        throw SpecException.at(doc.entries.get("sweep").keyWhere(), "sweep",
            "runs " + (previous + 1) + " and " + (runs.size() + 1) + " are the same (" + id + ")");
      }
      runs.add(new SweepRun(id, Collections.unmodifiableMap(variant), spec));
    }
    return List.copyOf(runs);
  }

  private static Map<String, String> shortNames(List<List<SweepBlock.Assignment>> runs) {
    LinkedHashSet<String> paths = new LinkedHashSet<>();
    runs.forEach(run -> run.forEach(a -> paths.add(a.path())));
    Map<String, String> out = new HashMap<>();
    for (String p : paths) {
      String[] segments = p.split("\\.");
      for (int k = 1; k <= segments.length; k++) {
        String suffix = suffix(segments, k);
        int length = k;
        boolean unique = paths.stream()
            .filter(q -> !q.equals(p))
            .noneMatch(q -> suffix(q.split("\\."), length).equals(suffix));
        if (unique || k == segments.length) {
          out.put(p, suffix);
          break;
        }
      }
    }
    return out;
  }

  private static String suffix(String[] segments, int k) {
    int from = Math.max(0, segments.length - k);
    return String.join(".", Arrays.asList(segments).subList(from, segments.length));
  }

  private static String safe(String value) {
    return value.replaceAll("[^A-Za-z0-9._+-]", "_");
  }
}
