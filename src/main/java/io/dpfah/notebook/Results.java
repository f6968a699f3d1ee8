package io.dpfah.notebook;

import io.dpfah.eval.CodeDiagnostics;
import io.dpfah.eval.EvalInputs;
import io.dpfah.report.ReportBuilder;
import io.dpfah.report.Tables;
import io.dpfah.results.ExperimentResults;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunRecord;
import io.dpfah.search.RetrievalGallery;
import io.dpfah.search.RunData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tech.tablesaw.api.Table;

/**
 * One experiment's results folder ({@code results/<experiment>/}) with its tables. Tables are
 * Tablesaw tables (rendered as HTML by the kernel); plots are in {@link Plots}. Only finished runs
 * enter tables and plots; {@link #runs()} lists every run with its status.
 */
public final class Results {
  /** The codes and labels a run saved: {@code query_codes.npy}, {@code db_codes.npy}, ... */
  public static final List<String> CODE_FILES =
      List.of("query_codes.npy", "db_codes.npy", "query_labels.npy", "db_labels.npy");

  private final ExperimentResults data;
  private ExperimentResults diagnosed;

  private Results(ExperimentResults data) {
    this.data = data;
  }

  /** Reads an experiment folder; a relative path is resolved against the repository root. */
  public static Results open(String experimentDir) {
    return open(Path.of(experimentDir));
  }

  /** Reads an experiment folder; a relative path is resolved against the repository root. */
  public static Results open(Path experimentDir) {
    Path dir = Repo.path(experimentDir);
    if (!Files.isDirectory(dir)) {
      throw new NotebookException("no results folder " + dir
          + ": run the experiment first (./dpfah sweep <spec>) or Experiment.load(...).run()");
    }
    return new Results(ResultsReader.read(dir));
  }

  /**
   * Opens {@code experimentDir} when it exists; otherwise prints a banner and returns {@code
   * fallback}'s results (a substitute run by the notebook), except under {@code CI=true}, where
   * the folder is committed and its absence is an error: the fallback would hide it.
   *
   * @throws NotebookException when the folder is missing and CI is true
   */
  public static Results openOr(String experimentDir, Supplier<Results> fallback) {
    return openOr(experimentDir, fallback, System.getenv());
  }

  static Results openOr(String experimentDir, Supplier<Results> fallback,
      Map<String, String> env) {
    if (exists(experimentDir)) {
      Results r = open(experimentDir);
      System.out.println("Reading " + experimentDir);
      return r;
    }
    if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
      throw new NotebookException(experimentDir + " not found and CI=true: the committed results"
          + " must be read here; the synthetic fallback is only for clones without them");
    }
    System.out.println("*** " + experimentDir + " not found: FALLBACK to a substitute run (it says"
        + " nothing about the missing experiment) ***");
    return fallback.get();
  }

  /** Whether {@code experimentDir} (relative: against the repository root) holds results. */
  public static boolean exists(String experimentDir) {
    return Files.isDirectory(Repo.path(experimentDir));
  }

  /** Wraps results already read. */
  public static Results of(ExperimentResults data) {
    return new Results(data);
  }

  /** The underlying results (runs, variants, bits, warnings). */
  public ExperimentResults data() {
    return data;
  }

  /** The experiment folder. */
  public Path dir() {
    return data.dir();
  }

  /** Code lengths of the finished runs, ascending. */
  public List<Integer> bits() {
    return data.bits();
  }

  /** Variant labels of the finished runs, in display order. */
  public List<String> variants() {
    return data.variants();
  }

  /** Headline: tie-aware mAP@all, variants by code length (mean ± std over seeds). */
  public Table mapTable() {
    return Tables.mapTable(data);
  }

  /** Tie-aware mAP at a cut-off ({@code "all"}, {@code "1000"}, ...). */
  public Table mapTable(String cutoff) {
    return Tables.mapTable(data, Tables.MapKind.TIE_AWARE, cutoff);
  }

  /** mAP of a kind (tie-aware, stable order, HashNet) at a cut-off. */
  public Table mapTable(Tables.MapKind kind, String cutoff) {
    return Tables.mapTable(data, kind, cutoff);
  }

  /** Stable-order (index tie-breaking, DeepHash-pytorch) mAP@all. */
  public Table stableMapTable() {
    return Tables.mapTable(data, Tables.MapKind.STABLE, "all");
  }

  /** Tie-aware mAP@all with the stable-order figure beside it in brackets. */
  public Table combinedTable() {
    return Tables.mapCombinedTable(data, "all");
  }

  /** Tie-aware mAP with the stable-order figure in brackets, at a cut-off. */
  public Table combinedTable(String cutoff) {
    return Tables.mapCombinedTable(data, cutoff);
  }

  /** P@N of each variant at one code length. */
  public Table precisionAtN(int bits) {
    return Tables.precisionAtNTable(data, bits);
  }

  /** Parameter counts per variant (total, attention, ...). */
  public Table parameters() {
    return Tables.parameterTable(data);
  }

  /** Training and evaluation time per variant and code length. */
  public Table timing() {
    return Tables.timingTable(data);
  }

  /** Every run with its status, variant, bits, seed and headline figures. */
  public Table runs() {
    return Tables.runsTable(data);
  }

  /**
   * Code diagnostics of every finished run, one row per run ({@link Tables#diagnosticsTable}):
   * bit balance range, mean bit entropy, mean |bit correlation|, buckets, mean Hamming distance
   * of similar and dissimilar pairs. A run whose metrics.json predates the diagnostics gets them
   * computed from its saved codes when it has them; one with neither is left out.
   */
  public Table diagnostics() {
    return Tables.diagnosticsTable(withDiagnostics());
  }

  /**
   * The code diagnostics of run {@code runId}: from its metrics.json, else computed from its
   * saved codes ({@link CodeDiagnostics}).
   *
   * @throws NotebookException if the run has neither
   */
  public RunMetrics.Diagnostics diagnostics(String runId) {
    RunRecord run = data.runs().stream().filter(r -> r.runId().equals(runId)).findFirst()
        .orElseThrow(() -> new NotebookException("no run '" + runId + "' in " + data.dir()
            + "; runs: " + data.runs().stream().map(RunRecord::runId).toList()));
    if (run.metrics().diagnostics() != null) {
      return run.metrics().diagnostics();
    }
    EvalInputs.Loaded c = codes(runId);
    return CodeDiagnostics.of(c.query(), c.queryLabels(), c.db(), c.dbLabels());
  }

  /** The results with diagnostics computed from saved codes where metrics.json has none. */
  ExperimentResults withDiagnostics() {
    if (diagnosed == null) {
      List<RunRecord> runs = new ArrayList<>();
      for (RunRecord r : data.runs()) {
        boolean compute = r.finished() && r.metrics().diagnostics() == null && hasCodes(r.runId());
        runs.add(compute ? new RunRecord(r.runId(), r.dir(), r.status(), r.error(),
            r.variantLabel(), r.metrics().withDiagnostics(diagnostics(r.runId())), r.history())
            : r);
      }
      diagnosed = new ExperimentResults(data.name(), data.dir(), runs, data.variantOrder(),
          data.warnings());
    }
    return diagnosed;
  }

  /** Whether run {@code runId} still has its saved codes and labels (.npy files). */
  public boolean hasCodes(String runId) {
    Path dir = data.dir().resolve(runId);
    return CODE_FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
  }

  /**
   * The query and database codes and labels run {@code runId} saved. The .npy files are
   * gitignored, so they exist only where the run was executed, not in a fresh clone.
   *
   * @throws NotebookException naming the missing files if they are absent
   */
  public EvalInputs.Loaded codes(String runId) {
    Path dir = runWithCodes(runId);
    return EvalInputs.load(dir.resolve(CODE_FILES.get(0)), dir.resolve(CODE_FILES.get(1)),
        dir.resolve(CODE_FILES.get(2)), dir.resolve(CODE_FILES.get(3)));
  }

  /** The folder of run {@code runId}, checked to hold its codes. */
  private Path runWithCodes(String runId) {
    Path dir = data.dir().resolve(runId);
    if (!Files.isDirectory(dir)) {
      throw new NotebookException("no run '" + runId + "' in " + data.dir() + "; runs: "
          + data.runs().stream().map(RunRecord::runId).toList());
    }
    List<String> missing = new ArrayList<>();
    for (String f : CODE_FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new NotebookException("run " + dir + " has no " + String.join(", ", missing)
          + ": the .npy codes are gitignored (not in a fresh clone); rerun the run to create them");
    }
    return dir;
  }

  /**
   * {@link RetrievalGallery#DEFAULT_QUERIES} queries of run {@code runId} with their nearest
   * database images (see {@link #gallery(String, int, long)}).
   */
  public RetrievalGallery gallery(String runId) {
    return gallery(runId, RetrievalGallery.DEFAULT_QUERIES, RetrievalGallery.DEFAULT_SEED);
  }

  /**
   * {@code queries} queries of run {@code runId}, chosen with {@code seed}, each with its
   * {@value RetrievalGallery#TOP} nearest database images framed green (shares a label) or red,
   * the Hamming distance under each; shown as HTML when it ends a cell. The images are rebuilt
   * from the run's data set, which must be present.
   *
   * @throws NotebookException if the run or its saved codes are absent
   */
  public RetrievalGallery gallery(String runId, int queries, long seed) {
    return RetrievalGallery.of(runWithCodes(runId), queries, seed, new RunData.Loader());
  }

  /** Builds the HTML report into {@code <experiment>/report/} and returns its index.html. */
  public Path report() {
    return ReportBuilder.build(data.dir()).indexHtml();
  }

  /** A folder relative to the repository root when inside it (outputs without local paths). */
  private static Path shown(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Path root = Repo.root();
      return abs.startsWith(root) ? root.relativize(abs) : abs;
    } catch (NotebookException e) {
      return abs;
    }
  }

  @Override
  public String toString() {
    return "Results " + data.name() + " (" + shown(data.dir()) + "): " + data.finished().size()
        + " finished, " + data.notFinished().size() + " not finished, bits " + data.bits()
        + ", variants " + data.variants();
  }
}
