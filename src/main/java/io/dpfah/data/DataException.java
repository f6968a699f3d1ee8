package io.dpfah.data;

/** Bad or missing data: unreadable files, malformed records, impossible splits. */
public class DataException extends RuntimeException {
  /** An exception with a message naming the file (and record or line) and what was expected. */
  public DataException(String message) {
    super(message);
  }

  /** Same, wrapping the underlying cause. */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
