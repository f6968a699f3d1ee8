package io.dpfah.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.tools.ToolProvider;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation core without Jupyter: one shared JShell session (startup is the slow part). */
class CodeEvaluatorTest {
  private static final List<DisplayData> DISPLAYED = new CopyOnWriteArrayList<>();
  private static CodeEvaluator ev;

  @BeforeAll
  static void start() {
    ev = new CodeEvaluator(KernelOptions.defaults(), Renderers.standard(), DISPLAYED::add);
  }

  @AfterAll
  static void stop() {
    ev.close();
  }

  @BeforeEach
  void reset() {
    DISPLAYED.clear();
    ev.setCellTimeout(Duration.ofSeconds(60));
  }

  @Test
  void lastExpressionOfACellIsItsValue() {
    assertEquals(42, ev.evalRaw("int a = 20;\nint b = a + 2;\na + b"));
    DisplayData shown = ev.eval("a * 2").orElseThrow();
    assertEquals("40", shown.getData(MIMEType.TEXT_PLAIN));
  }

  @Test
  void statementsAndDeclarationsShowNothing() {
    assertTrue(ev.eval("int unused = 5;").isEmpty());
    assertTrue(ev.eval("for (int i = 0; i < 3; i++) { unused += i; }").isEmpty());
    assertEquals(8, ev.evalRaw("unused"));
  }

  @Test
  void tablesawTableRendersAsHtmlWithoutExplicitImport() {
    DisplayData shown = ev.eval("""
        Table t = Table.create("scores").addColumns(
            IntColumn.create("bits", 16, 32),
            StringColumn.create("note", "a<b", "c"));
        t""").orElseThrow();
    String html = (String) shown.getData(MIMEType.TEXT_HTML);
    assertNotNull(html, "text/html missing");
    assertTrue(html.contains("<th>bits</th><th>note</th>"), html);
    assertTrue(html.contains("<td>16</td><td>a&lt;b</td>"), html);
    assertEquals(2, html.split("<tr><td>", -1).length - 1, "two body rows expected: " + html);
    assertTrue(((String) shown.getData(MIMEType.TEXT_PLAIN)).contains("scores"));
  }

  @Test
  void xchartChartRendersAsPngOfItsSize() throws IOException {
    DisplayData shown = ev.eval("""
        XYChart chart = new XYChartBuilder().width(320).height(200).title("mAP").build();
        chart.addSeries("K=32", new double[] {1, 2, 3}, new double[] {0.5, 0.6, 0.7});
        chart""").orElseThrow();
    String base64 = (String) shown.getData(MIMEType.IMAGE_PNG);
    assertNotNull(base64, "image/png missing");
    byte[] png = java.util.Base64.getDecoder().decode(base64);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(320, image.getWidth());
    assertEquals(200, image.getHeight());
  }

  @Test
  void displayCallsGoToTheSink() {
    ev.evalRaw("display(\"plain\");\ndisplay(\"<b>x</b>\", \"text/html\");");
    assertEquals(2, DISPLAYED.size());
    assertEquals("plain", DISPLAYED.get(0).getData(MIMEType.TEXT_PLAIN));
    assertEquals("<b>x</b>", DISPLAYED.get(1).getData(MIMEType.TEXT_HTML));
  }

  @Test
  void compileErrorNamesTheCellLine() {
    CellException.CompilationError e = assertThrows(CellException.CompilationError.class,
        () -> ev.evalRaw("int ok = 1;\nint bad = noSuchVariable + ok;"));
    assertTrue(e.getMessage().startsWith("line 2: cannot find symbol"), e.getMessage());
    String trace = String.join("\n", e.traceback());
    assertTrue(trace.endsWith("int bad = noSuchVariable + ok;\n              ^" + "~".repeat(13)), trace);
    assertTrue(!trace.contains("location: class \n"), "JShell's empty wrapper-class location is dropped: " + trace);
  }

  @Test
  void uncheckedExceptionIsThrownWithCellFrames() {
    ArrayIndexOutOfBoundsException e = assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> ev.evalRaw("int[] arr = new int[1];\n\nint[] copy = arr;\ncopy[3]"));
    List<String> trace = ev.traceback(e);
    assertTrue(trace.get(0).startsWith("java.lang.ArrayIndexOutOfBoundsException"), trace.toString());
    assertTrue(trace.stream().anyMatch(l -> l.endsWith(", line 4")), trace.toString());
  }

  @Test
  void checkedExceptionIsWrappedAsUserError() {
    CellException.UserError e = assertThrows(CellException.UserError.class,
        () -> ev.evalRaw("void fail() throws java.io.IOException {\n  throw new java.io.IOException(\"disk full\");\n}\n\nfail();"));
    assertInstanceOf(IOException.class, e.getCause());
    assertEquals("java.io.IOException: disk full", e.traceback().get(0));
    assertTrue(e.traceback().get(1).matches("    at fail \\(In \\[\\d+\\], line 2\\)"), e.traceback().toString());
    assertTrue(e.traceback().get(2).matches("    at In \\[\\d+\\], line 5"), e.traceback().toString());
  }

  @Test
  void incompleteCellIsReported() {
    assertThrows(CellException.IncompleteInput.class, () -> ev.evalRaw("if (true) {\n  int z = 1;"));
    assertEquals("    ", ev.isComplete("if (true) {"), "an open block asks for an indented next line");
    assertEquals("complete", ev.isComplete("int q = 1;"));
  }

  @Test
  void timeoutStopsAnEndlessLoopAndTheSessionStaysUsable() {
    ev.setCellTimeout(Duration.ofMillis(500));
    CellException.Timeout e = assertThrows(CellException.Timeout.class, () -> ev.evalRaw("while (true) {}"));
    assertEquals(Duration.ofMillis(500), e.limit());
    ev.setCellTimeout(Duration.ofSeconds(60));
    assertEquals(2, ev.evalRaw("1 + 1"));
  }

  @Test
  void interruptStopsTheRunningCell() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Object> running = pool.submit(() -> ev.evalRaw("long n = 0;\nwhile (true) { n++; }"));
      while (!ev.isRunning() && !running.isDone()) {
        Thread.sleep(10);
      }
      ev.interrupt();
      ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS));
      assertInstanceOf(CellException.Interrupted.class, e.getCause());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(3, ev.evalRaw("1 + 2"));
  }

  @Test
  void interruptStopsACellWaitingInLibraryCode() throws Exception {
    CellException stopped = interruptWhileRunning("Thread.sleep(600_000);");
    assertInstanceOf(CellException.Interrupted.class, stopped);
    assertTrue(!stopped.getMessage().contains("still running"), "the interrupt stopped it: "
        + stopped.getMessage());
    assertEquals(4, ev.evalRaw("2 + 2"));
  }

  @Test
  void aCellThatSwallowsInterruptsAndErrorsIsStillStopped() throws Exception {
    CellException stopped = interruptWhileRunning("""
        while (true) {
          try { Thread.sleep(5); } catch (Throwable swallowed) { }
        }""");
    assertInstanceOf(CellException.Interrupted.class, stopped);
    assertTrue(!stopped.getMessage().contains("still running"), stopped.getMessage());
    assertEquals(5, ev.evalRaw("2 + 3"));
  }

  @Test
  void libraryCodeThatIgnoresTheInterruptIsReportedAsStillRunning() throws Exception {
    long busy = CellExecutionControl.GRACE_MILLIS + 5000;
    CellException stopped = interruptWhileRunning(
        "io.dpfah.notebook.kernel.Stubborn.ignoreInterruptsFor(" + busy + "L);");
    assertInstanceOf(CellException.Interrupted.class, stopped);
    assertTrue(stopped.getMessage().contains("still running after 5 s"), stopped.getMessage());
    assertEquals(6, ev.evalRaw("3 + 3"), "the session goes on meanwhile");
  }

  @Test
  void timeoutStopsLoopFreeRecursionAtMethodEntry() {
    ev.setCellTimeout(Duration.ofMillis(500));
    ev.evalRaw("long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }");
    assertThrows(CellException.Timeout.class, () -> ev.evalRaw("fib(200)"));
    ev.setCellTimeout(Duration.ofSeconds(60));
    assertEquals(55L, ev.evalRaw("fib(10)"), "the cell's method still works afterwards");
  }

  @Test
  void checkpointsThrowOnlyInTheCancelledCellsThreads() throws Exception {
    ThreadGroup cancelled = new ThreadGroup("test-cancelled");
    Throwable[] seen = new Throwable[2];
    Thread inCell = new Thread(cancelled, () -> {
      try {
        CellCancellation.checkpoint();
      } catch (Throwable t) {
        seen[0] = t;
      }
    });
    CellCancellation.cancel(cancelled);
    try {
      inCell.start();
      inCell.join();
      CellCancellation.checkpoint();
      assertInstanceOf(CellCancellation.Cancelled.class, seen[0]);
    } finally {
      CellCancellation.forgetFinished();
    }
    assertTrue(!CellCancellation.isCancelled(cancelled), "forgotten once its threads ended");
  }

  /** Runs {@code cell} on another thread, interrupts it once it runs, returns how it ended. */
  private static CellException interruptWhileRunning(String cell) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Object> running = pool.submit(() -> ev.evalRaw(cell));
      while (!ev.isRunning() && !running.isDone()) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      ev.interrupt();
      ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS));
      return assertInstanceOf(CellException.class, e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void classpathMagicAddsCompiledClasses(@TempDir Path dir) throws IOException {
    Path src = Files.writeString(dir.resolve("Greeter.java"),
        "package demo; public class Greeter { public String greet() { return \"hello\"; } }");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
    assertEquals(0, rc);
    assertEquals("hello", ev.evalRaw("%classpath " + classes + "\nnew demo.Greeter().greet()"));
  }

  @Test
  void badMagicsAreReported(@TempDir Path dir) {
    CellException.MagicError unknown = assertThrows(CellException.MagicError.class, () -> ev.evalRaw("%nope x"));
    assertTrue(unknown.getMessage().contains("unknown line magic %nope"), unknown.getMessage());
    CellException.MagicError noMatch = assertThrows(CellException.MagicError.class,
        () -> ev.evalRaw("int before = 1;\n%jars " + dir + "/*.jar"));
    assertTrue(noMatch.getMessage().startsWith("line 2: %jars: no file matches"), noMatch.getMessage());
  }

  @Test
  void timeoutMagicChangesTheTimeout() {
    ev.evalRaw("%timeout 12.5");
    assertEquals(Duration.ofMillis(12500), ev.options().cellTimeout());
    CellException.Timeout e = assertThrows(CellException.Timeout.class, () -> ev.evalRaw("%timeout 0.3\nwhile (true) {}"));
    assertEquals(Duration.ofMillis(300), e.limit(), "the new limit applies to the rest of the same cell");
    assertThrows(CellException.MagicError.class, () -> ev.evalRaw("%timeout soon"));
  }

  @Test
  void globsResolveRelativeToTheBaseDirectory(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("lib/sub"));
    for (String f : List.of("lib/b.jar", "lib/a.jar", "lib/notes.txt", "lib/sub/c.jar")) {
      Files.createFile(dir.resolve(f));
    }
    assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")), LineMagics.resolve("lib/*.jar", dir));
    assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar"), dir.resolve("lib/sub/c.jar")),
        LineMagics.resolve("lib/**.jar", dir));
    assertEquals(List.of(dir.resolve("lib")), LineMagics.resolve("lib", dir));
    assertEquals(List.of("a b", "c", "d"), LineMagics.splitArgs(" \"a b\" c 'd'"));
  }
}
