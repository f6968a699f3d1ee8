package io.dpfah.cluster;

/**
 * A cluster setting that cannot work: an array task's environment that names no shard, bad
 * {@code dpfah slurm} options. The message is one complete, user-facing line.
 */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete, user-facing message. */
  public ClusterException(String message) {
    super(message);
  }
}
