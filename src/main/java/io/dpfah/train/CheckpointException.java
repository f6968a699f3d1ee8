package io.dpfah.train;

/**
 * A checkpoint that cannot be resumed from: written for a different spec, or not a readable
 * checkpoint. An input error: the message names the file and what to do.
 */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line message naming the checkpoint file. */
  public CheckpointException(String message) {
    super(message);
  }

  /** The same, with the cause. */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
