package io.dpfah.notebook.kernel;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * The kernel's evaluation core, usable without Jupyter: one JShell session executing in this JVM
 * with this JVM's classpath. {@link #eval(String)} runs a cell (line magics, then Java snippets in
 * order) and returns the rendering of its last expression; failures are {@link CellException}s
 * or, for unchecked exceptions thrown by cell code, those exceptions themselves. Not thread-safe
 * except {@link #interrupt()}, which may be called from any thread.
 */
public final class CodeEvaluator implements AutoCloseable {
  private static final Pattern MAGIC_LINE = Pattern.compile("^%([A-Za-z][\\w-]*)(.*)$");

  private final JShell shell;
  private final SourceCodeAnalysis analysis;
  private final CellExecutionControl control = new CellExecutionControl();
  private final Renderer renderer;
  private final Consumer<DisplayData> displaySink;
  private final Map<String, String> snippetOrigins = new ConcurrentHashMap<>();
  private final Map<StackTraceElement, StackTraceElement> frameTranslations = new ConcurrentHashMap<>();
  private KernelOptions options;
  private int cellCount;

  /**
   * Starts a session and runs the options' imports (on-demand imports of packages that do not
   * exist are skipped).
   *
   * @param renderer how values are turned into display data (see {@link Renderers})
   * @param displaySink where {@code display(...)} calls of cells send their output
   */
  public CodeEvaluator(KernelOptions options, Renderer renderer, Consumer<DisplayData> displaySink) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    this.options = options;
    this.renderer = renderer;
    this.displaySink = displaySink;
    this.shell = JShell.builder()
        .executionEngine(control.provider(), Map.of())
        .compilerOptions("-Xlint:-options")
        .build();
    this.analysis = shell.sourceCodeAnalysis();
    for (String entry : System.getProperty("java.class.path", "").split(Pattern.quote(File.pathSeparator))) {
      if (!entry.isBlank()) {
        shell.addToClasspath(entry);
      }
    }
    for (String imp : options.imports()) {
      List<SnippetEvent> events = shell.eval("import " + imp + ";");
      if (events.stream().anyMatch(e -> e.status() == Snippet.Status.REJECTED)) {
        System.err.println("dpfah kernel: skipping import " + imp + " (not on the classpath)");
      }
    }
  }

  /** The options in effect (the timeout may have been changed by {@code %timeout}). */
  public KernelOptions options() {
    return options;
  }

  /**
   * Sets the per-cell timeout ({@link Duration#ZERO} = none). Called from a cell (the
   * {@code %timeout} magic), it also restarts that cell's clock with the new limit.
   */
  public void setCellTimeout(Duration timeout) {
    options = options.withCellTimeout(timeout);
    control.restartClock(timeout.toNanos());
  }

  /** Adds a directory or jar to the classpath of the following snippets. */
  public void addToClasspath(Path path) {
    shell.addToClasspath(path.toAbsolutePath().normalize().toString());
  }

  /**
   * Runs a cell and renders its value: the value of its last snippet if that is an expression
   * (empty if it is a statement, declaration or magic, or the value is null).
   */
  public Optional<DisplayData> eval(String cell) {
    Object value = evalRaw(cell);
    return value == null ? Optional.empty() : Optional.of(renderer.render(value));
  }

  /** Like {@link #eval(String)} but returns the value itself (null if none). */
  public Object evalRaw(String cell) {
    int cellNo = ++cellCount;
    Display.install(renderer, displaySink);
    control.beginCell();
    control.restartClock(options.cellTimeout().toNanos());
    frameTranslations.clear();
    Object value = null;
    String[] lines = cell.split("\n", -1);
    StringBuilder code = new StringBuilder();
    int codeLine = 1;
    for (int i = 0; i < lines.length; i++) {
      Matcher magic = MAGIC_LINE.matcher(lines[i].strip());
      if (!magic.matches()) {
        code.append(lines[i]).append('\n');
        continue;
      }
      if (!code.toString().isBlank()) {
        evalCode(code.toString(), cellNo, codeLine);
      }
      runMagic(magic.group(1), magic.group(2), i + 1);
      code.setLength(0);
      codeLine = i + 2;
    }
    if (!code.toString().isBlank()) {
      value = evalCode(code.toString(), cellNo, codeLine);
    }
    return value;
  }

  /** Stops the running cell, if any (safe to call from another thread). */
  public void interrupt() {
    control.requestStop(CellExecutionControl.StopReason.INTERRUPT);
  }

  /** True while cell code is executing. */
  public boolean isRunning() {
    return control.isRunning();
  }

  /**
   * Jupyter's is-complete answer for {@code code}: {@link BaseKernel#IS_COMPLETE_YES},
   * {@link BaseKernel#IS_COMPLETE_BAD}, or an indent string if more input is expected.
   */
  public String isComplete(String code) {
    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
    while (info.completeness().isComplete() && info.completeness() != SourceCodeAnalysis.Completeness.UNKNOWN) {
      info = analysis.analyzeCompletion(info.remaining());
    }
    return switch (info.completeness()) {
      case UNKNOWN -> BaseKernel.IS_COMPLETE_BAD;
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
      default -> BaseKernel.IS_COMPLETE_YES;
    };
  }

  /** Completion candidates at {@code cursor} (JShell's suggestions). */
  public ReplacementOptions complete(String code, int cursor) {
    int[] anchor = new int[1];
    List<String> names = analysis.completionSuggestions(code, cursor, anchor).stream()
        .map(SourceCodeAnalysis.Suggestion::continuation)
        .distinct()
        .toList();
    return new ReplacementOptions(names, anchor[0], cursor);
  }

  /** Signature and Javadoc of what is at {@code cursor}, or null if nothing is known. */
  public DisplayData inspect(String code, int cursor, boolean withJavadoc) {
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, withJavadoc);
    if (docs.isEmpty()) {
      return null;
    }
    String text = docs.stream()
        .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
        .collect(Collectors.joining("\n\n"));
    return new DisplayData(text);
  }

  /** The user-facing stack trace of a throwable thrown by cell code (frames named by cell and line). */
  public List<String> traceback(Throwable error) {
    return CellException.traceOf(error, frame -> {
      StackTraceElement mapped = frameTranslations.get(frame);
      String origin = mapped == null ? null : snippetOrigins.get(mapped.getFileName());
      if (origin == null) {
        return frame.toString();
      }
      int colon = origin.lastIndexOf(':');
      String where = origin.substring(0, colon) + ", line "
          + (Integer.parseInt(origin.substring(colon + 1)) + mapped.getLineNumber() - 1);
      return frame.getMethodName().startsWith("do_it$") ? where : frame.getMethodName() + " (" + where + ")";
    });
  }

  @Override
  public void close() {
    control.requestStop(CellExecutionControl.StopReason.INTERRUPT);
    shell.close();
  }

  private void runMagic(String name, String argLine, int line) {
    LineMagic magic = LineMagics.find(name).orElseThrow(() -> new CellException.MagicError(
        "line " + line + ": unknown line magic %" + name + " (known: %" + String.join(", %", LineMagics.names()) + ")",
        null));
    try {
      magic.apply(this, LineMagics.splitArgs(argLine));
    } catch (Exception e) {
      throw new CellException.MagicError("line " + line + ": %" + name + ": " + e.getMessage(), e);
    }
  }

  /** Evaluates the snippets of {@code code}, which starts at line {@code firstLine} of the cell. */
  private Object evalCode(String code, int cellNo, int firstLine) {
    Object value = null;
    int offset = 0;
    String remaining = code;
    while (true) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        return value;
      }
      int start = offset + leadingBlank(remaining);
      int line = firstLine + countLines(code, start);
      if (!info.completeness().isComplete()) {
        throw new CellException.IncompleteInput("line " + line + ": the code ends before the statement is complete",
            List.of("Incomplete input at line " + line + " of the cell (missing ';', ')' or '}'?):",
                "    " + remaining.strip().lines().findFirst().orElse("")));
      }
      value = evalSnippet(info.source().stripLeading(), cellNo, line);
      offset += remaining.length() - info.remaining().length();
      remaining = info.remaining();
    }
  }

  private Object evalSnippet(String source, int cellNo, int line) {
    control.resetLast();
    List<SnippetEvent> events = shell.eval(source);
    if (control.stopReason() != null) {
      String detail = control.stopFailed()
          ? " (but it is still running after " + CellExecutionControl.GRACE_MILLIS / 1000
              + " s, in library code that ignores interrupts; restart the kernel if it does not end)"
          : "";
      throw control.stopReason() == CellExecutionControl.StopReason.TIMEOUT
          ? new CellException.Timeout(options.cellTimeout(), detail)
          : new CellException.Interrupted(detail);
    }
    Object value = null;
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue;
      }
      Snippet snippet = event.snippet();
      snippetOrigins.put("#" + snippet.id(), "In [" + cellNo + "]:" + line);
      if (event.status() == Snippet.Status.REJECTED) {
        throw compilationError(snippet, source, line);
      }
      JShellException thrown = event.exception();
      if (thrown instanceof UnresolvedReferenceException unresolved) {
        String missing = String.join(", ", shell.unresolvedDependencies(unresolved.getSnippet()).toList());
        String msg = "line " + line + ": " + describe(unresolved.getSnippet()) + " uses undeclared " + missing;
        throw new CellException.CompilationError(msg, List.of(msg));
      }
      if (thrown != null) {
        Throwable real = control.lastFailure() != null ? control.lastFailure() : thrown;
        rememberTranslation(real, thrown);
        if (real instanceof RuntimeException unchecked) {
          throw unchecked;
        }
        throw new CellException.UserError(real, traceback(real));
      }
      value = switch (snippet.subKind()) {
        case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> control.lastValue();
        default -> null;
      };
    }
    return value;
  }

  /**
   * JShell reports exceptions with frames translated to snippet ids and lines; the real throwable
   * has the wrapper classes' frames. Pairs them up (same chain, same frame index) for traceback().
   */
  private void rememberTranslation(Throwable real, Throwable translated) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    while (real != null && translated != null && seen.add(real)) {
      List<StackTraceElement> cellFrames = Arrays.stream(real.getStackTrace())
          .filter(f -> f.getClassName().startsWith("REPL.")).toList();
      List<StackTraceElement> snippetFrames = Arrays.stream(translated.getStackTrace())
          .filter(f -> f.getFileName() != null && f.getFileName().startsWith("#")).toList();
      if (cellFrames.size() == snippetFrames.size()) {
        for (int i = 0; i < cellFrames.size(); i++) {
          frameTranslations.put(cellFrames.get(i), snippetFrames.get(i));
        }
      }
      real = real.getCause();
      translated = translated.getCause();
    }
  }

  private CellException compilationError(Snippet snippet, String source, int line) {
    List<String> lines = new ArrayList<>();
    LinkedHashSet<String> messages = new LinkedHashSet<>();
    for (Diag diag : shell.diagnostics(snippet).filter(Diag::isError).toList()) {
      int pos = (int) Math.max(0, Math.min(diag.getStartPosition(), source.length()));
      int end = (int) Math.max(pos + 1, Math.min(diag.getEndPosition(), source.length()));
      int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
      int lineEnd = source.indexOf('\n', pos);
      lineEnd = lineEnd < 0 ? source.length() : lineEnd;
      int diagLine = line + countLines(source, lineStart);
      String message = diag.getMessage(Locale.ROOT);
      messages.add("line " + diagLine + ": " + message.lines().findFirst().orElse(message));
      lines.add("Compilation error at line " + diagLine + " of the cell:");
      message.lines().filter(l -> !l.strip().equals("location: class")).forEach(l -> lines.add("    " + l));
      lines.add("    " + source.substring(lineStart, lineEnd));
      lines.add("    " + " ".repeat(pos - lineStart) + "^" + "~".repeat(Math.max(0, Math.min(end, lineEnd) - pos - 1)));
    }
    if (messages.isEmpty()) {
      messages.add("line " + line + ": " + describe(snippet) + " was rejected");
      lines.add("Compilation error at line " + line + " of the cell: " + describe(snippet) + " was rejected.");
    }
    return new CellException.CompilationError(String.join("; ", messages), lines);
  }

  private static String describe(Snippet snippet) {
    String src = snippet.source().strip();
    String first = src.lines().findFirst().orElse("");
    return "'" + (first.length() > 60 ? first.substring(0, 60) + "…" : first) + "'";
  }

  private static int leadingBlank(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int countLines(String s, int upTo) {
    int n = 0;
    for (int i = 0; i < upTo && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
