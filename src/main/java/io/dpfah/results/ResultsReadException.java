package io.dpfah.results;

/** A results folder or file could not be read; the message names the file and field or line. */
public class ResultsReadException extends RuntimeException {

  /** Creates the exception with its message. */
  public ResultsReadException(String message) {
    super(message);
  }

  /** Creates the exception with its message and cause. */
  public ResultsReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
