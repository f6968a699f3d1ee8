package io.dpfah.results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * All runs of one experiment folder, immutable.
 *
 * @param name experiment name (from metrics.json, else the folder name)
 * @param dir the experiment folder
 * @param runs every run folder, in run-id order (finished, failed, unfinished and broken)
 * @param variantOrder order of variant labels for rows, legends and colours
 * @param warnings problems met while reading that did not stop it (broken files, bad history)
 */
public record ExperimentResults(
    String name, Path dir, List<RunRecord> runs, List<String> variantOrder, List<String> warnings) {

  /** Copies the lists. */
  public ExperimentResults {
    runs = List.copyOf(runs);
    variantOrder = List.copyOf(variantOrder);
    warnings = List.copyOf(warnings);
  }

  /** Runs that finished; only these enter tables and plots. */
  public List<RunRecord> finished() {
    return runs.stream().filter(RunRecord::finished).toList();
  }

  /** Runs that did not finish (failed, unfinished or broken). */
  public List<RunRecord> notFinished() {
    return runs.stream().filter(r -> !r.finished()).toList();
  }

  /** Variant labels of finished runs, in {@link #variantOrder()}. */
  public List<String> variants() {
    Set<String> present = new LinkedHashSet<>();
    finished().forEach(r -> present.add(r.variantLabel()));
    List<String> out = new ArrayList<>();
    for (String v : variantOrder) {
      if (present.remove(v)) {
        out.add(v);
      }
    }
    out.addAll(present);
    return out;
  }

  /** Code lengths of finished runs, ascending. */
  public List<Integer> bits() {
    Set<Integer> bits = new TreeSet<>();
    finished().forEach(r -> bits.add(r.bits()));
    return List.copyOf(bits);
  }

  /** Finished runs of one variant and code length, in run-id order. */
  public List<RunRecord> finished(String variant, int bits) {
    return finished().stream()
        .filter(r -> r.variantLabel().equals(variant) && r.bits() == bits)
        .toList();
  }

  /**
   * The same results with another variant order (labels not named keep their relative order
   * after the named ones); rows, legends and colours follow it.
   */
  public ExperimentResults withVariantOrder(List<String> order) {
    List<String> merged = new ArrayList<>(order);
    variantOrder.stream().filter(v -> !merged.contains(v)).forEach(merged::add);
    return new ExperimentResults(name, dir, runs, merged, warnings);
  }
}
