package io.dpfah.notebook.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The line magics the kernel understands (a registry: name → magic). {@code %classpath} and
 * {@code %jars} take the same arguments as in IJava/JJava, so notebooks written for those kernels
 * run here too.
 * <ul>
 *   <li>{@code %classpath path-or-glob...} (entries may also be joined with ':') adds directories
 *       or jars to the session's classpath;</li>
 *   <li>{@code %jars glob...} adds the matching jar files;</li>
 *   <li>{@code %timeout seconds} sets the per-cell timeout (0 = none), for the rest of the current cell and the following cells.</li>
 * </ul>
 * Relative paths are resolved against {@link KernelOptions#baseDirectory()} (the notebook's
 * directory when Jupyter starts the kernel).
 */
public final class LineMagics {
  private static final Map<String, LineMagic> MAGICS = Map.of(
      "classpath", (ev, args) -> addAll(ev, args, false),
      "jars", (ev, args) -> addAll(ev, args, true),
      "timeout", LineMagics::timeout);

  private static final Pattern ARG = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

  private LineMagics() {}

  /** The magic registered under {@code name}. */
  public static Optional<LineMagic> find(String name) {
    return Optional.ofNullable(MAGICS.get(name));
  }

  /** Registered names, sorted (for error messages). */
  public static List<String> names() {
    return MAGICS.keySet().stream().sorted().toList();
  }

  /** Splits a magic's argument string at whitespace; single or double quotes group. */
  public static List<String> splitArgs(String argLine) {
    List<String> args = new ArrayList<>();
    Matcher m = ARG.matcher(argLine);
    while (m.find()) {
      args.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return args;
  }

  /**
   * The existing files matching {@code pattern} (a path or a glob such as {@code lib/*.jar} or
   * {@code build/**.jar}), relative paths against {@code base}, sorted.
   *
   * @throws IllegalArgumentException if nothing matches
   */
  public static List<Path> resolve(String pattern, Path base) throws IOException {
    String expanded = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
    Path whole = base.resolve(expanded).normalize();
    int firstGlob = indexOfGlob(expanded);
    if (firstGlob < 0) {
      if (!Files.exists(whole)) {
        throw new IllegalArgumentException("no such file or directory: " + whole);
      }
      return List.of(whole);
    }
    int cut = expanded.lastIndexOf('/', firstGlob);
    Path root = base.resolve(cut < 0 ? "" : expanded.substring(0, Math.max(cut, 1))).normalize();
    String rest = expanded.substring(cut + 1);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length;
    List<Path> found = List.of();
    if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root, depth)) {
        found = walk.filter(p -> !p.equals(root) && matcher.matches(root.relativize(p))).sorted().toList();
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no file matches '" + pattern + "' (looked under " + root + ")");
    }
    return found;
  }

  private static void addAll(CodeEvaluator ev, List<String> args, boolean jarsOnly) throws IOException {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("expected one or more paths or globs");
    }
    List<Path> paths = new ArrayList<>();
    for (String arg : args) {
      for (String entry : arg.split(Pattern.quote(File.pathSeparator))) {
        if (!entry.isBlank()) {
          for (Path p : resolve(entry, ev.options().baseDirectory())) {
            if (!jarsOnly || Files.isRegularFile(p)) {
              paths.add(p);
            }
          }
        }
      }
    }
    for (Path p : paths) {
      ev.addToClasspath(p);
    }
  }

  private static void timeout(CodeEvaluator ev, List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expected one argument, the timeout in seconds (0 = none)");
    }
    ev.setCellTimeout(KernelOptions.parseSeconds(args.get(0), "%timeout"));
  }

  private static int indexOfGlob(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("*?[{".indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
