package io.dpfah.notebook.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A cell that did not complete. The subclass name is what Jupyter shows as the error name, the
 * message its value, and {@link #traceback()} the lines shown below it.
 */
public abstract class CellException extends RuntimeException {
  private final List<String> traceback;

  CellException(String message, List<String> traceback, Throwable cause) {
    super(message, cause);
    this.traceback = List.copyOf(traceback);
  }

  /** Lines to show to the user (no embedded newlines). */
  public List<String> traceback() {
    return traceback;
  }

  /** The cell's Java code does not compile (or references something undeclared). */
  public static final class CompilationError extends CellException {
    CompilationError(String message, List<String> traceback) {
      super(message, traceback, null);
    }
  }

  /** The cell ends in the middle of a statement (e.g. a missing closing brace). */
  public static final class IncompleteInput extends CellException {
    IncompleteInput(String message, List<String> traceback) {
      super(message, traceback, null);
    }
  }

  /** A line magic ({@code %name args}) is unknown or failed; the cell stopped there. */
  public static final class MagicError extends CellException {
    MagicError(String message, Throwable cause) {
      super(message, List.of(message), cause);
    }
  }

  /** The cell ran longer than the per-cell timeout and was stopped. */
  public static final class Timeout extends CellException {
    private final Duration limit;

    Timeout(Duration limit, String detail) {
      super("cell stopped after the per-cell timeout of " + seconds(limit) + " s" + detail,
          List.of("Cell stopped: it ran longer than the per-cell timeout of " + seconds(limit)
              + " s" + detail + ".",
              "Raise it with '%timeout <seconds>' in the notebook or the environment variable "
                  + KernelOptions.TIMEOUT_ENV + " (0 = no timeout)."),
          null);
      this.limit = limit;
    }

    /** The timeout that was exceeded. */
    public Duration limit() {
      return limit;
    }

    private static String seconds(Duration d) {
      return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }
  }

  /** The cell was interrupted by the user (Jupyter's interrupt button). */
  public static final class Interrupted extends CellException {
    Interrupted(String detail) {
      super("cell interrupted" + detail, List.of("Cell interrupted" + detail + "."), null);
    }
  }

  /**
   * The cell's code threw a checked exception or an {@link Error}; {@link #getCause()} is the
   * original throwable. (Unchecked exceptions are reported as themselves by the kernel.)
   */
  public static final class UserError extends CellException {
    UserError(Throwable cause, List<String> traceback) {
      super(cause.toString(), traceback, cause);
    }
  }

  /**
   * The stack trace of a throwable thrown by cell code, cut after the cell's own frames (JShell
   * wrapper classes live in package {@code REPL}) so that the reflection and kernel frames below
   * them are not shown. Causes follow as "Caused by:" blocks; {@code frameText} formats one frame.
   */
  public static List<String> traceOf(Throwable error, Function<StackTraceElement, String> frameText) {
    List<String> lines = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      lines.add(prefix + t);
      StackTraceElement[] frames = t.getStackTrace();
      int end = frames.length;
      for (int i = frames.length - 1; i >= 0; i--) {
        if (frames[i].getClassName().startsWith("REPL.")) {
          end = i + 1;
          break;
        }
      }
      for (int i = 0; i < end; i++) {
        lines.add("    at " + frameText.apply(frames[i]));
      }
      if (end < frames.length) {
        lines.add("    ... " + (frames.length - end) + " kernel frames");
      }
      prefix = "Caused by: ";
    }
    return lines;
  }
}
