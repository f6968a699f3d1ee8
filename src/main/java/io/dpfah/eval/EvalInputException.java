package io.dpfah.eval;

/** Bad evaluation input (a file, its shape or its values); the message names the file and what was expected. */
public final class EvalInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, user-facing message. */
  public EvalInputException(String message) {
    super(message);
  }

  /** An error caused by an underlying failure (typically I/O). */
  public EvalInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
