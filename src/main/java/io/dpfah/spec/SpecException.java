package io.dpfah.spec;

/**
 * An invalid experiment spec, override or sweep. The message has the shape
 * {@code <where>: <field path>: <problem>}, where {@code <where>} is {@code file:line} (1-based)
 * or {@code --set <path>} for a command-line override, for example
 * {@code experiments/x.yaml:12: model.attention: 'sse' is not one of none, pfa, se, cbam, spatial}.
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete, user-facing message. */
  public SpecException(String message) {
    super(message);
  }

  /** Creates an exception with a complete, user-facing message and its cause. */
  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }

  static SpecException at(String where, String field, String problem) {
    return new SpecException(where + ": " + field + ": " + problem);
  }
}
