package io.dpfah.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an experiment spec from YAML, applies {@code --set path=value} overrides and validates
 * it into an {@link ExperimentSpec}. Every problem is a {@link SpecException} naming the file and
 * line (or the override), the dotted field path and what was expected. A {@code sweep:} block is
 * validated too (every expanded run), and kept as {@link ExperimentSpec#sweep()}; use
 * {@link SweepPlan} to get the runs.
 */
public final class SpecLoader {
  private SpecLoader() {}

  /** Loads {@code file} with the given overrides ({@code path=value} strings, no "--set"). */
  public static ExperimentSpec load(Path file, List<String> overrides) {
    return parse(read(file), file.toString(), overrides);
  }

  /** Loads {@code file} without overrides. */
  public static ExperimentSpec load(Path file) {
    return load(file, List.of());
  }

  /**
   * Loads spec text; {@code source} names it in error messages (for example its file name).
   */
  public static ExperimentSpec parse(String yaml, String source, List<String> overrides) {
    Doc.Mapping doc = document(yaml, source, overrides);
    ExperimentSpec spec = SpecBinder.bind(doc);
    if (spec.sweep() != null) {
      SweepPlan.expand(doc, spec);
    }
    return spec;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
      throw new SpecException(file + ": cannot read spec: " + why, e);
    }
  }

  /** Parses the YAML and applies the overrides in order. */
  static Doc.Mapping document(String yaml, String source, List<String> overrides) {
    Doc.Mapping doc = Doc.parseFile(yaml, source);
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq < 0) {
        throw new SpecException("--set '" + o + "': expected path=value, such as "
            + "model.attention=se");
      }
      String path = o.substring(0, eq).trim();
      String where = "--set " + path;
      Doc.set(doc, Doc.splitPath(path, where), Doc.parseValue(o.substring(eq + 1), where), where);
    }
    return doc;
  }
}
