package io.dpfah.notebook;

import io.dpfah.experiment.RunExecutor;
import io.dpfah.experiment.SweepRunner;
import io.dpfah.results.RunWriter;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.spec.SpecWriter;
import io.dpfah.spec.SweepPlan;
import io.dpfah.spec.SweepRun;
import io.dpfah.train.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An experiment spec in a notebook: load it, change fields, look at its runs and run them.
 * Immutable: {@link #set} and {@link #resultsDir} return a new instance. Each override is
 * validated at once, so a bad value fails in the cell that sets it, naming the field.
 *
 * <pre>{@code
 * var exp = Experiment.load("experiments/synthetic-smoke.yaml").set("hash.bits", 8);
 * exp.dryRun();               // table of runs and whether each is finished
 * Results res = exp.run();    // trains and evaluates into results/<name>/
 * }</pre>
 */
public final class Experiment {
  private final Path file;
  private final List<String> overrides;
  private final Path resultsRoot;
  private final boolean force;
  private final ExperimentSpec spec;

  private Experiment(Path file, List<String> overrides, Path resultsRoot, boolean force) {
    this.file = file;
    this.overrides = List.copyOf(overrides);
    this.resultsRoot = resultsRoot;
    this.force = force;
    this.spec = SpecLoader.load(file, this.overrides);
  }

  /**
   * Loads a spec file; a relative path is resolved against the repository root (see {@link Repo}).
   * Results go to {@code <repo>/results} unless {@link #resultsDir} says otherwise.
   */
  public static Experiment load(String specFile) {
    return new Experiment(Repo.path(specFile), List.of(), Repo.path("results"), false);
  }

  /**
   * The same experiment with one field changed, exactly like {@code --set path=value} on the
   * command line. {@code value} may be a number, boolean, string, list or map; a string is taken
   * as YAML text (so {@code "{mode: grid, axes: {hash.bits: [8, 16]}}"} works too).
   *
   * @throws io.dpfah.spec.SpecException naming the field if the path or value is invalid
   */
  public Experiment set(String path, Object value) {
    List<String> next = new ArrayList<>(overrides);
    next.add(path + "=" + yamlText(value));
    return new Experiment(file, next, resultsRoot, force);
  }

  /** The same experiment writing to another results root (relative: against the repository root). */
  public Experiment resultsDir(String dir) {
    return resultsDir(Path.of(dir));
  }

  /** The same experiment writing to another results root (relative: against the repository root). */
  public Experiment resultsDir(Path dir) {
    return new Experiment(file, overrides, Repo.path(dir), force);
  }

  /** The same experiment, rerunning runs that are already finished when {@code force} is true. */
  public Experiment force(boolean force) {
    return new Experiment(file, overrides, resultsRoot, force);
  }

  /** The resolved, validated spec (its sweep block, if any, included). */
  public ExperimentSpec spec() {
    return spec;
  }

  /** The resolved spec as YAML, every field explicit. */
  public String yaml() {
    return SpecWriter.toYaml(spec);
  }

  /** The spec file. */
  public Path file() {
    return file;
  }

  /** The overrides applied so far, as {@code path=value} strings. */
  public List<String> overrides() {
    return overrides;
  }

  /** The folder this experiment's runs go to: {@code <results root>/<name>}. */
  public Path experimentDir() {
    return resultsRoot.resolve(spec.name());
  }

  /** The runs of the sweep (one run with id {@code default} for a spec without sweep). */
  public List<SweepRun> runs() {
    return SweepPlan.expand(spec);
  }

  /** A table of the runs: id, whether it is already finished, and the swept values. */
  public Table dryRun() {
    List<SweepRun> runs = runs();
    Set<String> keys = new LinkedHashSet<>();
    runs.forEach(r -> keys.addAll(r.variant().keySet()));
    StringColumn id = StringColumn.create("run");
    StringColumn status = StringColumn.create("status");
    List<StringColumn> axes = new ArrayList<>();
    keys.forEach(k -> axes.add(StringColumn.create(k)));
    for (SweepRun r : runs) {
      id.append(r.runId());
      status.append(RunWriter.isFinished(experimentDir().resolve(r.runId())) ? "finished" : "to run");
      int i = 0;
      for (String k : keys) {
        Object v = r.variant().get(k);
        axes.get(i++).append(v == null ? "" : String.valueOf(v));
      }
    }
    Table t = Table.create(spec.name() + ": " + runs.size() + " run(s) in " + experimentDir(), id, status);
    axes.forEach(t::addColumns);
    return t;
  }

  /**
   * Runs every run not finished yet (all of them after {@code force(true)}), printing plain
   * progress lines, and reads the experiment folder back. Failed runs are recorded, not thrown:
   * see {@link Results#runs()}.
   */
  public Results run() {
    PrintStream out = System.out;
    RunExecutor executor = new RunExecutor(resultsRoot, force, epochs -> new Progress(out, false, epochs));
    SweepRunner.Summary s = new SweepRunner(resultsRoot, executor::run, out, force).run(runs());
    s.failed().forEach(f -> out.println("FAILED " + f.runId() + ": " + f.error()));
    return Results.open(experimentDir());
  }

  @Override
  public String toString() {
    return "Experiment " + spec.name() + " (" + file + (overrides.isEmpty() ? "" : ", set " + overrides)
        + ") -> " + experimentDir();
  }

  /** YAML flow text of a value; strings are passed through as YAML. */
  static String yamlText(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value == null) {
      return "null";
    }
    if (value instanceof List<?> || value instanceof Map<?, ?>) {
      DumperOptions o = new DumperOptions();
      o.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
      o.setWidth(Integer.MAX_VALUE);
      return new Yaml(o).dump(value).trim();
    }
    return String.valueOf(value);
  }
}
