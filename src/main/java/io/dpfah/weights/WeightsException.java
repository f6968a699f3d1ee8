package io.dpfah.weights;

/** A weights file that cannot be read or does not fit the backbone (names file, key, shapes). */
public final class WeightsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the file and what was wrong. */
  public WeightsException(String message) {
    super(message);
  }

  /** Creates an exception with a cause. */
  public WeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
