package io.dpfah.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed, checked reads of one mapping of a {@link Doc}: each read names the dotted field path and
 * the line of the offending value in its error. Unknown keys are rejected on construction.
 */
final class Section {
  private static final Pattern INT = Pattern.compile("[-+]?[0-9][0-9_]*");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");

  private final Doc.Mapping map;
  private final String path;
  private final String where;

  /**
   * @param map the mapping (empty when the section is absent)
   * @param path dotted path of the section ("" for the top level)
   * @param where where the section's key was written (for errors about missing fields)
   * @param known the keys this section accepts
   */
  Section(Doc.Mapping map, String path, String where, List<String> known) {
    this.map = map;
    this.path = path;
    this.where = where;
    map.entries.forEach((key, e) -> {
      if (!known.contains(key)) {
        throw SpecException.at(e.keyWhere(), field(key), unknownKey(key, known));
      }
    });
  }

  /** "unknown key, did you mean 'x'?" or the list of known keys when nothing is close. */
  static String unknownKey(String key, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String normalized = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_')
        .toLowerCase(Locale.ROOT);
    for (String k : known) {
      int d = distance(normalized, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
      return "unknown key, did you mean '" + best + "'?";
    }
    return "unknown key (known keys: " + String.join(", ", known) + ")";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  String field(String key) {
    return Doc.join(path, key);
  }

  /** The value node, or null when the key is absent. */
  Doc.Node node(String key) {
    return map.get(key);
  }

  /** True when the key is present with a non-null value. */
  boolean has(String key) {
    Doc.Node n = node(key);
    return n != null && !(n instanceof Doc.Scalar s && s.isNull());
  }

  /** Where the key's value was written, or where the section was when the key is absent. */
  String at(String key) {
    Doc.Node n = node(key);
    return n != null ? n.where() : where;
  }

  /** An error about {@code key}, located at its value. */
  SpecException error(String key, String problem) {
    return SpecException.at(at(key), field(key), problem);
  }

  /** An error about the section as a whole. */
  SpecException error(String problem) {
    return SpecException.at(where, path.isEmpty() ? "(top level)" : path, problem);
  }

  /** A sub-section; absent or null reads as empty (all defaults). */
  Section section(String key, List<String> known) {
    Doc.Node n = node(key);
    Doc.Entry e = map.entries.get(key);
    if (n == null || n instanceof Doc.Scalar s && s.isNull()) {
      return new Section(new Doc.Mapping(at(key)), field(key), e != null ? e.keyWhere() : where,
          known);
    }
    if (!(n instanceof Doc.Mapping m)) {
      throw error(key, "expected a section (a mapping of keys), got " + Doc.describe(n));
    }
    return new Section(m, field(key), e.keyWhere(), known);
  }

  private Doc.Scalar scalar(String key, String expected) {
    Doc.Node n = node(key);
    if (!(n instanceof Doc.Scalar s) || s.isNull()) {
      throw error(key, "expected " + expected + ", got " + Doc.describe(n));
    }
    return s;
  }

  /** A required or defaulted string ({@code def == null} means required). */
  String string(String key, String def) {
    if (!has(key)) {
      if (def == null) {
        throw error(key, "required field is missing");
      }
      checkPresent(key);
      return def;
    }
    return scalar(key, "a string").text();
  }

  /** A string that may be null. */
  String optionalString(String key) {
    return has(key) ? scalar(key, "a string or null").text() : null;
  }

  /** One of {@code allowed}; {@code def == null} means required. */
  String choice(String key, String def, List<String> allowed) {
    String options = String.join(", ", allowed);
    if (!has(key)) {
      if (def == null) {
        throw error(key, "required field is missing (one of " + options + ")");
      }
      checkPresent(key);
      return def;
    }
    String v = scalar(key, "one of " + options).text();
    if (!allowed.contains(v)) {
      throw error(key, "'" + v + "' is not one of " + options);
    }
    return v;
  }

  /** An integer in [min, max]. */
  long integer(String key, long def, long min, long max) {
    if (!has(key)) {
      checkPresent(key);
      return def;
    }
    Doc.Scalar s = scalar(key, "an integer");
    if (!INT.matcher(s.text()).matches()) {
      throw error(key, "expected an integer, got '" + s.text() + "'");
    }
    String t = s.text().replace("_", "").replace("+", "");
    long v;
    try {
      v = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw error(key, "must be " + bounds(min, max) + ", got " + s.text());
    }
    return checkRange(key, v, min, max);
  }

  private void checkPresent(String key) {
    if (node(key) != null) {
      throw error(key, "missing value");
    }
  }

  private long checkRange(String key, long v, long min, long max) {
    if (v < min || v > max) {
      throw error(key, "must be " + bounds(min, max) + ", got " + v);
    }
    return v;
  }

  private static String bounds(long min, long max) {
    return max >= Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
  }

  /** A finite number {@code > min} (when {@code minOpen}) or {@code >= min}, and {@code <= max}. */
  double number(String key, double def, double min, boolean minOpen, double max) {
    if (!has(key)) {
      checkPresent(key);
      return def;
    }
    Doc.Scalar s = scalar(key, "a number");
    if (!FLOAT.matcher(s.text()).matches()) {
      throw error(key, "expected a number, got '" + s.text() + "'");
    }
    double v = Double.parseDouble(s.text().replace("_", ""));
    boolean low = minOpen ? v <= min : v < min;
    if (low || v > max || !Double.isFinite(v)) {
      String lower = (minOpen ? "> " : ">= ") + fmt(min);
      String range = max == Double.MAX_VALUE ? lower : lower + " and <= " + fmt(max);
      throw error(key, "must be " + range + ", got " + s.text());
    }
    return v;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** A boolean (true/false; YAML's yes/no/on/off also read as booleans). */
  boolean bool(String key, boolean def) {
    if (!has(key)) {
      checkPresent(key);
      return def;
    }
    String t = scalar(key, "true or false").text().toLowerCase(Locale.ROOT);
    if (List.of("true", "yes", "on").contains(t)) {
      return true;
    } else if (List.of("false", "no", "off").contains(t)) {
      return false;
    }
    throw error(key, "expected true or false, got '" + scalar(key, "").text() + "'");
  }

  /**
   * A list of distinct positive integers; {@code all} (when allowed) reads as -1. A single value
   * reads as a one-element list.
   */
  List<Integer> positiveInts(String key, List<Integer> def, boolean allowAll, boolean nonEmpty) {
    if (!has(key)) {
      checkPresent(key);
      return def;
    }
    Doc.Node n = node(key);
    List<Doc.Node> items;
    if (n instanceof Doc.Seq seq) {
      items = seq.items();
    } else if (n instanceof Doc.Scalar) {
      items = List.of(n);
    } else {
      throw error(key, "expected a list, got " + Doc.describe(n));
    }
    String expected = allowAll ? "a positive integer or 'all'" : "a positive integer";
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Doc.Node item = items.get(i);
      String f = field(key) + "[" + i + "]";
      int v;
      if (allowAll && item instanceof Doc.Scalar s && s.text().equals("all")) {
        v = -1;
      } else if (item instanceof Doc.Scalar s && INT.matcher(s.text()).matches()) {
        long parsed = Long.parseLong(s.text().replace("_", "").replace("+", ""));
        if (parsed < 1 || parsed > Integer.MAX_VALUE) {
          throw SpecException.at(item.where(), f, "expected " + expected + ", got " + s.text());
        }
        v = (int) parsed;
      } else {
        throw SpecException.at(item.where(), f, "expected " + expected + ", got "
            + Doc.describe(item));
      }
      if (out.contains(v)) {
        throw SpecException.at(item.where(), f, "duplicate value " + Doc.text(item));
      }
      out.add(v);
    }
    if (nonEmpty && out.isEmpty()) {
      throw error(key, "expected at least one value");
    }
    return Collections.unmodifiableList(out);
  }

  /** A list of distinct non-empty strings (a single value reads as a one-element list). */
  List<String> strings(String key, List<String> def) {
    if (!has(key)) {
      checkPresent(key);
      return def;
    }
    Doc.Node n = node(key);
    List<Doc.Node> items;
    if (n instanceof Doc.Seq seq) {
      items = seq.items();
    } else if (n instanceof Doc.Scalar) {
      items = List.of(n);
    } else {
      throw error(key, "expected a list, got " + Doc.describe(n));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Doc.Node item = items.get(i);
      String f = field(key) + "[" + i + "]";
      if (!(item instanceof Doc.Scalar sc) || sc.text().isBlank()) {
        throw SpecException.at(item.where(), f, "expected a name, got " + Doc.describe(item));
      }
      if (out.contains(sc.text())) {
        throw SpecException.at(item.where(), f, "duplicate value " + sc.text());
      }
      out.add(sc.text());
    }
    return Collections.unmodifiableList(out);
  }
}
