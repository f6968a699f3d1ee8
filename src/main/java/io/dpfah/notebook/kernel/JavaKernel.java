package io.dpfah.notebook.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * The project's Jupyter kernel for Java: jjava-jupyter's protocol layer around a
 * {@link CodeEvaluator}. Started by Jupyter as {@code JavaKernel <connection-file>} (see
 * {@code notebooks/kernels/java/kernel.json}); interrupts arrive as messages
 * ({@code interrupt_mode: message}) and stop the running cell.
 */
public final class JavaKernel extends BaseKernel {
  private final CodeEvaluator evaluator;

  /** A kernel whose cells run in a fresh session with {@code options}. */
  public JavaKernel(KernelOptions options) {
    this(options, new Renderer());
  }

  private JavaKernel(KernelOptions options, Renderer renderer) {
    super("dpfah-java", version(),
        new LanguageInfo.Builder("java")
            .version(System.getProperty("java.version"))
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("java")
            .build(),
        List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), renderer, null, null,
        false,
        new StringStyler.Builder()
            .addPrimaryStyle(TextColor.BOLD_RESET_FG)
            .addSecondaryStyle(TextColor.BOLD_RED_FG)
            .addHighlightStyle(TextColor.BOLD_RESET_FG)
            .build());
    Renderers.registerProjectTypes(renderer);
    this.evaluator = new CodeEvaluator(options, renderer, this::display);
  }

  /**
   * Entry point: {@code JavaKernel <connection-file>}. Reads the per-cell timeout from
   * {@value KernelOptions#TIMEOUT_ENV} and serves until Jupyter shuts the kernel down.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: JavaKernel <jupyter-connection-file>");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    if (!Files.isRegularFile(file)) {
      System.err.println("JavaKernel: connection file not found: " + file.toAbsolutePath());
      System.exit(2);
    }
    KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(file));
    JavaKernel kernel = new JavaKernel(KernelOptions.fromEnvironment(System.getenv()));
    JupyterConnection connection = new JupyterConnection(props);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
    kernel.evaluator.close();
    System.exit(0);
  }

  /** The evaluation core (for tests and tools). */
  public CodeEvaluator evaluator() {
    return evaluator;
  }

  @Override
  public Object evalRaw(String source) {
    return evaluator.evalRaw(source);
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return evaluator.inspect(code, at, extraDetail);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    return evaluator.complete(code, at);
  }

  @Override
  public String isComplete(String code) {
    return evaluator.isComplete(code);
  }

  @Override
  public void interrupt() {
    evaluator.interrupt();
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    evaluator.interrupt();
  }

  @Override
  public List<String> formatError(Throwable e) {
    if (e instanceof CellException cell) {
      return cell.traceback();
    }
    return evaluator.traceback(e);
  }

  private static String version() {
    String v = JavaKernel.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
