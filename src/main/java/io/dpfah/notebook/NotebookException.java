package io.dpfah.notebook;

/** A notebook helper was asked for something it cannot provide; the message says why and what to do. */
public final class NotebookException extends RuntimeException {
  /** An exception with a message naming the file or field and what was expected. */
  public NotebookException(String message) {
    super(message);
  }
}
