package io.dpfah.method;

import java.util.Locale;

/**
 * One hyper-parameter of a method, declared once: its spec key, type, default, range and
 * documentation drive spec binding and validation, the resolved {@code spec.yaml} and the
 * README's method table.
 *
 * @param key snake_case key under {@code method.<name>}
 * @param type value type
 * @param def default (the reference implementation's): Double, Integer or Boolean
 * @param min lower bound (numbers and integers)
 * @param minOpen whether the lower bound is excluded (numbers)
 * @param max upper bound (numbers and integers)
 * @param doc one-line description, with the reference's name when it differs
 */
public record Param(String key, Type type, Object def, double min, boolean minOpen, double max,
    String doc) {

  /** A parameter's value type. */
  public enum Type { NUMBER, INTEGER, BOOLEAN }

  /** A real number in [min, max] (or (min, max] when {@code minOpen}). */
  public static Param number(String key, double def, double min, boolean minOpen, double max,
      String doc) {
    return new Param(key, Type.NUMBER, def, min, minOpen, max, doc);
  }

  /** An integer in [min, max]. */
  public static Param integer(String key, int def, int min, int max, String doc) {
    return new Param(key, Type.INTEGER, def, min, false, max, doc);
  }

  /** A boolean. */
  public static Param bool(String key, boolean def, String doc) {
    return new Param(key, Type.BOOLEAN, def, 0, false, 0, doc);
  }

  /** The range as the README shows it, e.g. {@code > 0}, {@code [0, 1]}, {@code true/false}. */
  public String range() {
    return switch (type) {
      case BOOLEAN -> "true/false";
      case INTEGER -> max >= Integer.MAX_VALUE ? "≥ " + fmt(min) : "[" + fmt(min) + ", "
          + fmt(max) + "]";
      case NUMBER -> {
        String lower = minOpen ? "> " + fmt(min) : "≥ " + fmt(min);
        yield max == Double.MAX_VALUE ? lower : (minOpen ? "(" : "[") + fmt(min) + ", "
            + fmt(max) + "]";
      }
    };
  }

  /** The default as the README shows it: {@code 0.1}, {@code 20}, {@code 1e-4}, {@code false}. */
  public String defaultText() {
    if (def instanceof Double d) {
      if (d != 0 && Math.abs(d) < 1e-3) {
        String e = String.format(Locale.ROOT, "%.0e", d);
        return e.replaceAll("e([-+])0*(\\d)", "e$1$2").replace("e+", "e");
      }
      return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(def);
  }

  /** The type as the README shows it. */
  public String typeName() {
    return type.name().toLowerCase(Locale.ROOT);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
