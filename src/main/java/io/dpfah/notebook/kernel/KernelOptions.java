package io.dpfah.notebook.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of one JShell session: the per-cell timeout ({@link Duration#ZERO} = none), the
 * imports run before the first cell, and the directory that relative paths of {@code %classpath}
 * and {@code %jars} are resolved against.
 */
public record KernelOptions(Duration cellTimeout, List<String> imports, Path baseDirectory) {

  /** Environment variable holding the per-cell timeout in seconds (0 = no timeout). */
  public static final String TIMEOUT_ENV = "DPFAH_CELL_TIMEOUT";

  /** Per-cell timeout used when {@link #TIMEOUT_ENV} is not set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

  /**
   * Imports every session starts with. An on-demand import whose package does not exist (yet) is
   * skipped, so {@code io.dpfah.notebook.*} may be listed before that package is written.
   */
  public static final List<String> DEFAULT_IMPORTS = List.of(
      "java.util.*",
      "java.util.stream.*",
      "java.nio.file.*",
      "io.dpfah.notebook.*",
      "tech.tablesaw.api.*",
      "org.knowm.xchart.*",
      "static io.dpfah.notebook.kernel.Display.*");

  /** Validates and copies. */
  public KernelOptions {
    if (cellTimeout == null || cellTimeout.isNegative()) {
      throw new IllegalArgumentException("cellTimeout must be zero (none) or positive, got " + cellTimeout);
    }
    imports = List.copyOf(imports);
    baseDirectory = baseDirectory.toAbsolutePath().normalize();
  }

  /** Default imports, the default timeout and the current working directory. */
  public static KernelOptions defaults() {
    return new KernelOptions(DEFAULT_TIMEOUT, DEFAULT_IMPORTS, Path.of(""));
  }

  /**
   * Defaults with the timeout taken from {@link #TIMEOUT_ENV} when present.
   *
   * @throws IllegalArgumentException if the variable is not a non-negative number of seconds
   */
  public static KernelOptions fromEnvironment(Map<String, String> env) {
    String raw = env.get(TIMEOUT_ENV);
    if (raw == null || raw.isBlank()) {
      return defaults();
    }
    return defaults().withCellTimeout(parseSeconds(raw.trim(), "environment variable " + TIMEOUT_ENV));
  }

  /** A copy with another per-cell timeout. */
  public KernelOptions withCellTimeout(Duration timeout) {
    return new KernelOptions(timeout, imports, baseDirectory);
  }

  /** A copy resolving relative magic paths against {@code dir}. */
  public KernelOptions withBaseDirectory(Path dir) {
    return new KernelOptions(cellTimeout, imports, dir);
  }

  /**
   * Parses a non-negative number of seconds (fractions allowed), naming {@code source} on error.
   */
  static Duration parseSeconds(String raw, String source) {
    double seconds;
    try {
      seconds = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": expected a number of seconds (0 = no timeout), got '" + raw + "'", e);
    }
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException(
          source + ": expected a non-negative number of seconds, got '" + raw + "'");
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
