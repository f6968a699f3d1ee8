package io.dpfah.results;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's {@code run.log}: what the run printed, one line per message, each prefixed with the
 * local time it was written ({@code 2025-06-01T14:03:07.412+02:00}) and flushed at once, so a
 * killed run keeps its log. Written through {@code java.io} streams, which a thread interrupt
 * does not close (NIO channels would), so an interrupted run still logs why it stopped.
 */
public final class RunLog implements AutoCloseable {
  /** The file name inside a run folder. */
  public static final String FILE = "run.log";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final Path file;
  private final Writer out;

  private RunLog(Path file, Writer out) {
    this.file = file;
    this.out = out;
  }

  /** Opens {@code file} for appending. */
  static RunLog open(Path file) {
    try {
      return new RunLog(file, new BufferedWriter(new OutputStreamWriter(
          new FileOutputStream(file.toFile(), true), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Appends {@code text} (each of its lines) with the current time. */
  public synchronized void line(String text) {
    String time = ZonedDateTime.now().format(TIME);
    try {
      for (String l : text.split("\r?\n", -1)) {
        out.write(time);
        out.write(' ');
        out.write(l);
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
