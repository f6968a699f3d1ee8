package io.dpfah.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Training progress: a one-line bar redrawn in place on a terminal, plain log lines (about every
 * 10% of an epoch and at its end) when the output is a file or a pipe.
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
  private long lastDraw;

  /**
   * @param out where to print
   * @param terminal redraw one line in place (true on an interactive console)
   * @param epochs total epochs, for the ETA
   */
  public Progress(PrintStream out, boolean terminal, int epochs) {
    this.out = out;
    this.terminal = terminal;
    this.epochs = epochs;
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
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDraw > 200_000_000L || batch == batches) {
        int width = 24;
        int filled = (int) Math.round(width * (double) batch / batches);
        out.print("\r[" + "=".repeat(filled) + " ".repeat(width - filled) + "] " + text + "   ");
        out.flush();
        lastDraw = now;
      }
    } else if (batch == batches || batch % Math.max(1, batches / 10) == 0) {
      out.println(text);
    }
  }

  /** Called at the end of each epoch. */
  public void epoch(EpochRecord r) {
    if (terminal) {
      out.println();
    }
    out.println(String.format(Locale.ROOT, "epoch %d done: loss %.4f %s lr %.2e  %.1f s  %.0f img/s",
        r.epoch(), r.loss(), r.terms(), r.lr(), r.seconds(), r.imagesPerSecond()));
  }

  /** A message on its own line. */
  public void info(String message) {
    out.println(message);
  }

  static String clock(double seconds) {
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
