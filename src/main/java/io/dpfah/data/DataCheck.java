package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logic of {@code dpfah data check}: opens a data set, applies its protocol, decodes the
 * first image of every split, and reports sizes and label distributions — or which files are
 * missing and how to get them.
 */
public final class DataCheck {
  private DataCheck() {}

  /**
   * Outcome of a check.
   *
   * @param dataset data set name
   * @param protocol protocol name
   * @param present true when the data loaded and split without error
   * @param poolSize images in the pool (0 when absent)
   * @param splitSizes train, query, database sizes
   * @param labelDistribution per split, images per class (multi-label: per label)
   * @param classNames class names
   * @param defaultTopK the protocol's mAP cut-off
   * @param missing missing files (empty when present or when the problem is not missing files)
   * @param howToGet instructions to obtain missing files, or empty
   * @param error the problem when not present, or empty
   * @param provenance the protocol's provenance
   */
  public record Report(
      String dataset,
      String protocol,
      boolean present,
      int poolSize,
      Map<String, Integer> splitSizes,
      Map<String, List<Integer>> labelDistribution,
      List<String> classNames,
      int defaultTopK,
      List<String> missing,
      String howToGet,
      String error,
      Map<String, Object> provenance) {}

  /** Checks {@code spec} with split seed {@code seed}, printing a human-readable summary. */
  public static Report run(DataSpec spec, long seed, PrintStream out) {
    Report r;
    try {
      RetrievalData d = ProtocolRegistry.load(spec, seed);
      Map<String, int[]> splits = new LinkedHashMap<>();
      splits.put("train", d.train());
      if (d.validation().length > 0) {
        splits.put("validation", d.validation());
      }
      splits.put("query", d.query());
      splits.put("database", d.database());
      Map<String, Integer> sizes = new LinkedHashMap<>();
      Map<String, List<Integer>> dist = new LinkedHashMap<>();
      for (Map.Entry<String, int[]> e : splits.entrySet()) {
        sizes.put(e.getKey(), e.getValue().length);
        dist.put(e.getKey(), Splits.classCounts(d.pool().labels(), e.getValue()));
        if (e.getValue().length > 0) {
          int first = e.getValue()[0];
          try {
            d.pool().image(first);
          } catch (IOException ex) {
            throw new DataException(d.pool().origin(first) + ": " + ex.getMessage(), ex);
          }
        }
      }
      r = new Report(spec.dataset(), spec.protocol(), true, d.pool().size(), sizes, dist,
          d.pool().classNames(), d.defaultTopK(), List.of(), "", "", d.provenance());
    } catch (MissingDataException e) {
      List<String> missing = new ArrayList<>();
      for (Path p : e.missing()) {
        missing.add(p.toString());
      }
      r = new Report(spec.dataset(), spec.protocol(), false, 0, Map.of(), Map.of(), List.of(), 0,
          missing, e.howToGet(), e.getMessage(), Map.of());
    } catch (DataException e) {
      r = new Report(spec.dataset(), spec.protocol(), false, 0, Map.of(), Map.of(), List.of(), 0,
          List.of(), "", e.getMessage(), Map.of());
    }
    print(r, out);
    return r;
  }

  private static void print(Report r, PrintStream out) {
    out.printf("data set %s, protocol %s: %s%n", r.dataset(), r.protocol(),
        r.present() ? "OK" : "NOT USABLE");
    if (!r.present()) {
      for (String m : r.missing()) {
        out.println("  missing: " + m);
      }
      if (!r.howToGet().isEmpty()) {
        out.println("  to get it: " + r.howToGet());
      }
      if (r.missing().isEmpty()) {
        out.println("  error: " + r.error());
      }
      return;
    }
    out.printf("  pool %d images, %d classes, default top-K %s%n", r.poolSize(),
        r.classNames().size(), r.defaultTopK() < 0 ? "all" : Integer.toString(r.defaultTopK()));
    for (String s : r.splitSizes().keySet()) {
      out.printf("  %-8s %7d  per class %s%n", s, r.splitSizes().get(s),
          r.labelDistribution().get(s));
    }
    out.println("  classes: " + r.classNames());
  }
}
