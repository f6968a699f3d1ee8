package io.dpfah.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Training progress: a one-line bar redrawn in place on a terminal, plain log lines (about every
 * 10% of an epoch and at its end) when the output is a file or a pipe. With {@link #logTo} every
 * plain line (info, epoch summaries, the batch lines at the plain-output cadence) also goes to a
 * line sink, such as a run's {@code run.log}.
 */
public final class Progress {
  /** Makes the progress printer of one run. */
  @FunctionalInterface
  public interface Factory {
    /** A printer for a run of {@code epochs} epochs. */
    Progress create(int epochs);
  }

  private final PrintStream out;
  private final boolean terminal;
  private final int epochs;
  private final Consumer<String> log;
  private long lastDraw;

  /**
   * @param out where to print
   * @param terminal redraw one line in place (true on an interactive console)
   * @param epochs total epochs, for the ETA
   */
  public Progress(PrintStream out, boolean terminal, int epochs) {
    this(out, terminal, epochs, line -> {});
  }

  private Progress(PrintStream out, boolean terminal, int epochs, Consumer<String> log) {
    this.out = out;
    this.terminal = terminal;
    this.epochs = epochs;
    this.log = log;
  }

  /** A printer like this one that also sends each plain line to {@code lines}. */
  public Progress logTo(Consumer<String> lines) {
    return new Progress(out, terminal, epochs, this.log.andThen(lines));
  }

  /** A progress printer for {@code System.out}, bar mode when a console is attached. */
  public static Progress console(int epochs) {
    return new Progress(System.out, System.console() != null && System.getenv("CI") == null, epochs);
  }

  /** Called after each batch. */
  public void batch(int epoch, int batch, int batches, double loss, double imagesPerSec,
      double secondsSoFar) {
    double done = (epoch - 1) + (double) batch / batches;
    double eta = done > 0 ? secondsSoFar / done * (epochs - done) : 0;
    String text = String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  %.0f img/s  ETA %s",
        epoch, epochs, batch, batches, loss, imagesPerSec, clock(eta));
    boolean plainLine = batch == batches || batch % Math.max(1, batches / 10) == 0;
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDraw > 200_000_000L || batch == batches) {
        int width = 24;
        int filled = (int) Math.round(width * (double) batch / batches);
        out.print("\r[" + "=".repeat(filled) + " ".repeat(width - filled) + "] " + text + "   ");
        out.flush();
        lastDraw = now;
      }
    } else if (plainLine) {
      out.println(text);
    }
    if (plainLine) {
      log.accept(text);
    }
  }

  /** Called at the end of each epoch. */
  public void epoch(EpochRecord r) {
    if (terminal) {
      out.println();
    }
    String text = String.format(Locale.ROOT, "epoch %d done: loss %.4f %s lr %.2e  %.1f s  %.0f img/s",
        r.epoch(), r.loss(), r.terms(), r.lr(), r.seconds(), r.imagesPerSecond());
    out.println(text);
    log.accept(text);
  }

  /** A message on its own line. */
  public void info(String message) {
    out.println(message);
    log.accept(message);
  }

  static String clock(double seconds) {
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
