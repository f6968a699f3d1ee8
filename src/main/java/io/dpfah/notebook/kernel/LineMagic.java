package io.dpfah.notebook.kernel;

import java.util.List;

/** A line magic: a cell line {@code %name arg...} run by the kernel instead of JShell. */
@FunctionalInterface
public interface LineMagic {
  /**
   * Runs the magic.
   *
   * @param evaluator the session it acts on
   * @param args the whitespace-separated arguments (quotes group, are removed)
   * @throws IllegalArgumentException with a user-readable message for bad arguments
   */
  void apply(CodeEvaluator evaluator, List<String> args) throws Exception;
}
