package io.dpfah.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checked {@code sweep:} block of a document, with source locations for every value. */
final class SweepBlock {
  static final List<String> KEYS = List.of("mode", "axes", "variants");

  /** One value assigned to a path, with where the path was written. */
  record Assignment(String path, String keyWhere, Doc.Node value) {}

  /** A grid axis. */
  record Axis(String path, String keyWhere, List<Doc.Node> values) {}

  final String mode;
  final List<Axis> axes;
  final List<List<Assignment>> variants;

  private SweepBlock(String mode, List<Axis> axes, List<List<Assignment>> variants) {
    this.mode = mode;
    this.axes = axes;
    this.variants = variants;
  }

  /** Parses and checks the structure of {@code root.key}; values are checked on expansion. */
  static SweepBlock parse(Section root, String key) {
    Section s = root.section(key, KEYS);
    String mode = s.choice("mode", s.has("axes") || !s.has("variants") ? "grid" : "list",
        SpecEnums.SWEEP_MODES);
    List<Axis> axes = new ArrayList<>();
    if (s.has("axes")) {
      if (mode.equals("list")) {
        throw s.error("axes", "only allowed in grid mode (use variants in list mode)");
      }
      if (!(s.node("axes") instanceof Doc.Mapping m)) {
        throw s.error("axes", "expected a mapping of field paths to lists of values, got "
            + Doc.describe(s.node("axes")));
      }
      for (Map.Entry<String, Doc.Entry> e : m.entries.entrySet()) {
        String path = checkPath(e.getKey(), e.getValue().keyWhere(), s.field("axes"));
        Doc.Node v = e.getValue().value();
        String field = s.field("axes") + "." + path;
        if (!(v instanceof Doc.Seq seq) || seq.items().isEmpty()) {
          throw SpecException.at(v.where(), field, "expected a non-empty list of values, got "
              + (v instanceof Doc.Seq ? "an empty list" : Doc.describe(v)));
        }
        Set<String> seen = new HashSet<>();
        for (Doc.Node item : seq.items()) {
          if (!seen.add(Doc.text(item))) {
            throw SpecException.at(item.where(), field, "duplicate value " + Doc.text(item));
          }
        }
        axes.add(new Axis(path, e.getValue().keyWhere(), seq.items()));
      }
    } else if (mode.equals("grid")) {
      throw s.error("axes", "grid mode needs at least one axis");
    }
    List<List<Assignment>> variants = new ArrayList<>();
    if (s.has("variants")) {
      if (!(s.node("variants") instanceof Doc.Seq seq)) {
        throw s.error("variants", "expected a list of mappings (field path: value), got "
            + Doc.describe(s.node("variants")));
      }
      for (int i = 0; i < seq.items().size(); i++) {
        Doc.Node item = seq.items().get(i);
        String field = s.field("variants") + "[" + i + "]";
        if (!(item instanceof Doc.Mapping vm)) {
          throw SpecException.at(item.where(), field,
              "expected a mapping of field paths to values, got " + Doc.describe(item));
        }
        List<Assignment> variant = new ArrayList<>();
        for (Map.Entry<String, Doc.Entry> e : vm.entries.entrySet()) {
          String path = checkPath(e.getKey(), e.getValue().keyWhere(), field);
          if (axes.stream().anyMatch(a -> a.path().equals(path))) {
            throw SpecException.at(e.getValue().keyWhere(), field + "." + path,
                "is also a grid axis");
          }
          variant.add(new Assignment(path, e.getValue().keyWhere(), e.getValue().value()));
        }
        variants.add(variant);
      }
    }
    if (mode.equals("list") && variants.isEmpty()) {
      throw s.error("variants", "list mode needs at least one variant");
    }
    return new SweepBlock(mode, axes, variants);
  }

  private static String checkPath(String path, String where, String field) {
    Doc.splitPath(path, where + ": " + field);
    String first = path.split("\\.")[0];
    if (first.equals("sweep") || first.equals("name")) {
      throw SpecException.at(where, field + "." + path, "'" + first + "' cannot be swept");
    }
    return path;
  }

  /** The record form (plain values). */
  SweepSpec spec() {
    Map<String, List<Object>> a = new LinkedHashMap<>();
    for (Axis axis : axes) {
      List<Object> values = new ArrayList<>();
      axis.values().forEach(v -> values.add(Doc.plain(v)));
      a.put(axis.path(), Collections.unmodifiableList(values));
    }
    List<Map<String, Object>> v = new ArrayList<>();
    for (List<Assignment> variant : variants) {
      Map<String, Object> m = new LinkedHashMap<>();
      variant.forEach(x -> m.put(x.path(), Doc.plain(x.value())));
      v.add(Collections.unmodifiableMap(m));
    }
    return new SweepSpec(mode, Collections.unmodifiableMap(a), Collections.unmodifiableList(v));
  }

  /**
   * How many runs {@link #runs()} has, computed without enumerating them; saturates at {@link
   * Long#MAX_VALUE}.
   */
  long count() {
    long n = mode.equals("list") ? 1 : axes.stream().mapToLong(a -> a.values().size())
        .reduce(1, SweepBlock::saturatedProduct);
    return variants.isEmpty() ? n : saturatedProduct(n, variants.size());
  }

  /** The axis sizes and variant count as a product, e.g. {@code 10 × 996 × 999}. */
  String countFormula() {
    List<String> factors = new ArrayList<>();
    axes.forEach(a -> factors.add(String.format("%,d", a.values().size())));
    if (!variants.isEmpty()) {
      factors.add(String.format("%,d variant%s", variants.size(), variants.size() == 1 ? "" : "s"));
    }
    return String.join(" × ", factors);
  }

  private static long saturatedProduct(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Every run's assignments, in order: the grid's cartesian product with the first axis varying
   * slowest, each grid point crossed with the variants (variants vary fastest); list mode is
   * the variants alone.
   */
  List<List<Assignment>> runs() {
    List<List<Assignment>> out = new ArrayList<>();
    out.add(List.of());
    for (Axis axis : axes) {
      List<List<Assignment>> next = new ArrayList<>();
      for (List<Assignment> prefix : out) {
        for (Doc.Node value : axis.values()) {
          List<Assignment> run = new ArrayList<>(prefix);
          run.add(new Assignment(axis.path(), axis.keyWhere(), value));
          next.add(run);
        }
      }
      out = next;
    }
    if (!variants.isEmpty()) {
      List<List<Assignment>> next = new ArrayList<>();
      for (List<Assignment> prefix : out) {
        for (List<Assignment> variant : variants) {
          List<Assignment> run = new ArrayList<>(prefix);
          run.addAll(variant);
          next.add(run);
        }
      }
      out = next;
    }
    return out;
  }
}
