package io.dpfah.method;

/** A bad method-loss case folder; the message names the file and what was expected. */
public final class FixtureCaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, user-facing message. */
  public FixtureCaseException(String message) {
    super(message);
  }
}
