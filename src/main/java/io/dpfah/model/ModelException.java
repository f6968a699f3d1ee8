package io.dpfah.model;

/** Invalid model configuration or input (names the offending field and what was expected). */
public final class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the field and the expectation. */
  public ModelException(String message) {
    super(message);
  }
}
