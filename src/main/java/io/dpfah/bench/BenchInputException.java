package io.dpfah.bench;

/** A malformed benchmark log line or missing measurements: the user's input, exit status 2. */
public final class BenchInputException extends RuntimeException {
  /** With a message naming the file, line and field. */
  public BenchInputException(String message) {
    super(message);
  }
}
