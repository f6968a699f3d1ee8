package io.dpfah.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One measurement in the format both sides of the side-by-side benchmark print (dpfah's {@code
 * bench-train} and {@code bench/torch_reference.py}): {@code bench key=value key=value ...} on one
 * line, values without whitespace. The fields every line must have are {@link #REQUIRED}; others
 * (step times, GC, version) are kept and written to the measurements CSV.
 *
 * @param fields value by key, in the line's order
 */
public record BenchLine(Map<String, String> fields) {

  /** What a measurement line starts with; other lines of a log are not measurements. */
  public static final String PREFIX = "bench ";

  /** Fields every line carries. */
  public static final List<String> REQUIRED = List.of("impl", "mode", "backbone", "size",
      "attention", "batch", "threads", "steps", "images_per_s", "user_s_per_step",
      "sys_s_per_step");

  private static final List<String> NUMBERS =
      List.of("size", "batch", "threads", "steps", "images_per_s", "user_s_per_step",
          "sys_s_per_step");

  /** Keeps an unmodifiable copy in the given order. */
  public BenchLine {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Whether a log line is a measurement. */
  public static boolean isBenchLine(String line) {
    return line.startsWith(PREFIX);
  }

  /**
   * Parses a measurement line.
   *
   * @param where names the line in error messages, e.g. {@code lines.txt:12}
   * @throws BenchInputException naming {@code where}, the field and what was expected
   */
  public static BenchLine parse(String line, String where) {
    if (!isBenchLine(line)) {
      throw new BenchInputException(where + ": expected a line starting with '" + PREFIX.strip()
          + " ', got '" + abbreviate(line) + "'");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String token : line.substring(PREFIX.length()).strip().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw new BenchInputException(where + ": expected key=value, got '" + token + "'");
      }
      String key = token.substring(0, eq);
      if (fields.put(key, token.substring(eq + 1)) != null) {
        throw new BenchInputException(where + ": field '" + key + "' appears twice");
      }
    }
    for (String key : REQUIRED) {
      String v = fields.get(key);
      if (v == null || v.isEmpty()) {
        throw new BenchInputException(where + ": field '" + key + "' is missing");
      }
    }
    for (String key : NUMBERS) {
      String v = fields.get(key);
      double d;
      try {
        d = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new BenchInputException(where + ": field '" + key + "': expected a number, got '"
            + v + "'");
      }
      if (!Double.isFinite(d) || d < 0) {
        throw new BenchInputException(where + ": field '" + key
            + "': expected a finite number >= 0, got '" + v + "'");
      }
    }
    return new BenchLine(fields);
  }

  /** Every measurement line of a log file (other lines are skipped). */
  public static List<BenchLine> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<BenchLine> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (isBenchLine(lines.get(i))) {
        out.add(parse(lines.get(i), file + ":" + (i + 1)));
      }
    }
    return out;
  }

  /** A field's text. */
  public String get(String key) {
    return fields.get(key);
  }

  /** A numeric field (a required one was checked when parsed). */
  public double number(String key) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no field " + key);
    }
    return Double.parseDouble(v);
  }

  /** The line as printed: {@code bench k=v ...}. */
  public String format() {
    StringJoiner j = new StringJoiner(" ", PREFIX, "");
    fields.forEach((k, v) -> {
      if (k.isEmpty() || v.isEmpty() || (k + v).chars().anyMatch(Character::isWhitespace)
          || k.indexOf('=') >= 0) {
        throw new IllegalArgumentException("bench field '" + k + "=" + v
            + "': keys and values must be non-empty, without whitespace (and keys without '=')");
      }
      j.add(k + "=" + v);
    });
    return j.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
