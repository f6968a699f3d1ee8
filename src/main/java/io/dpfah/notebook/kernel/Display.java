package io.dpfah.notebook.kernel;

import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * Static display functions for notebook cells, imported into every session with
 * {@code import static io.dpfah.notebook.kernel.Display.*} (same names as IJava/JJava):
 * {@code display(table);} shows a value now, {@code display(html, "text/html");} shows it as the
 * given MIME type(s).
 */
public final class Display {
  private static volatile Renderer renderer;
  private static volatile Consumer<DisplayData> sink;

  private Display() {}

  /** Routes display calls of cells to {@code output}, rendering with {@code with}. */
  static void install(Renderer with, Consumer<DisplayData> output) {
    renderer = with;
    sink = output;
  }

  /** Shows {@code value} as a cell output, rendered like a cell's last expression. */
  public static void display(Object value) {
    output().accept(renderer.render(value));
  }

  /** Shows {@code value} as a cell output of the given MIME types (e.g. "text/html"). */
  public static void display(Object value, String... mimeTypes) {
    output().accept(render(value, mimeTypes));
  }

  /** The display data {@code value} would be shown as, without showing it. */
  public static DisplayData render(Object value) {
    output();
    return renderer.render(value);
  }

  /** The display data of {@code value} as the given MIME types, without showing it. */
  public static DisplayData render(Object value, String... mimeTypes) {
    output();
    return mimeTypes.length == 0 ? renderer.render(value) : renderer.renderAs(value, mimeTypes);
  }

  private static Consumer<DisplayData> output() {
    Consumer<DisplayData> s = sink;
    if (s == null) {
      throw new IllegalStateException("display() works only inside a cell of the dpfah Java kernel");
    }
    return s;
  }
}
