package io.dpfah.search;

/**
 * Bad input to encoding or search — a folder that is not a finished run, a run without a model,
 * codes that do not fit together; the message names the file and what was expected.
 */
public final class SearchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, user-facing message. */
  public SearchException(String message) {
    super(message);
  }

  /** Same, wrapping the underlying cause. */
  public SearchException(String message, Throwable cause) {
    super(message, cause);
  }
}
