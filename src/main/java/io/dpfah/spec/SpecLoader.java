package io.dpfah.spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
    return load(file, overrides, SweepPlan.DEFAULT_MAX_RUNS);
  }

  /**
   * As {@link #load(Path, List)}, refusing a sweep of more than {@code maxRuns} runs (see
   * {@link SweepPlan}).
   */
  public static ExperimentSpec load(Path file, List<String> overrides, long maxRuns) {
    return parse(read(file), file.toString(), overrides, maxRuns);
  }

  /** Loads {@code file} without overrides. */
  public static ExperimentSpec load(Path file) {
    return load(file, List.of());
  }

  /**
   * Loads spec text; {@code source} names it in error messages (for example its file name).
   */
  public static ExperimentSpec parse(String yaml, String source, List<String> overrides) {
    return parse(yaml, source, overrides, SweepPlan.DEFAULT_MAX_RUNS);
  }

  /** As {@link #parse(String, String, List)}, refusing sweeps of more than {@code maxRuns}. */
  public static ExperimentSpec parse(String yaml, String source, List<String> overrides,
      long maxRuns) {
    Doc.Mapping doc = document(yaml, source, overrides);
    ExperimentSpec spec = SpecBinder.bind(doc);
    if (spec.sweep() != null) {
      SweepPlan.expand(doc, spec, maxRuns);
    }
    return spec;
  }

  /**
   * The text of a spec file: UTF-8 (without NUL characters, which no YAML text has), or a
   * {@link SpecException} such as {@code x.bin: not a UTF-8 text file}.
   */
  static String read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new SpecException(file + ": not a UTF-8 text file", e);
    } catch (IOException e) {
      throw new SpecException(file + ": cannot read spec: " + why(file, e), e);
    }
    if (text.indexOf('\0') >= 0) {
      throw new SpecException(file + ": not a UTF-8 text file");
    }
    return text;
  }

  private static String why(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    return e.toString();
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
