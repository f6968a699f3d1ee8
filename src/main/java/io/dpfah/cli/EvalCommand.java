package io.dpfah.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.eval.CodeDiagnostics;
import io.dpfah.eval.EvalInputException;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.eval.RetrievalMetrics;
import io.dpfah.results.MetricsFile;
import io.dpfah.results.ResultsReadException;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunMetrics;
import io.dpfah.search.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah eval}: retrieval metrics of hash codes saved as {@code .npy} (by this project or
 * another tool), given as four files or as a run folder ({@code --run}). Prints a table headlined
 * by the tie-aware mAP, with {@code --diagnostics} (implied by {@code --run}) the code diagnostics
 * ({@link CodeDiagnostics}), and optionally writes JSON. {@code --run DIR --write} adds the
 * diagnostics to the run's {@code metrics.json} (replaced atomically) after checking that the
 * codes reproduce the tie-aware mAP@all recorded there. Bad input gives a message naming the
 * file on stderr and exit code 2.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate Hamming-ranking retrieval of hash codes stored as .npy files.")
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--query-codes", description = "Query codes (n, K): ±1, 0/1 or real values.")
  Path queryCodes;

  @Option(names = "--db-codes", description = "Database codes (m, K).")
  Path dbCodes;

  @Option(names = "--query-labels", description = "Query labels: (n,) class ids or (n, C) multi-hot.")
  Path queryLabels;

  @Option(names = "--db-labels", description = "Database labels: (m,) or (m, C).")
  Path dbLabels;

  @Option(names = "--run", paramLabel = "RUN_DIR",
      description = "A run folder holding query_codes.npy, db_codes.npy, query_labels.npy and"
          + " db_labels.npy (instead of the four options above); implies --diagnostics.")
  Path run;

  @Option(names = "--diagnostics",
      description = "Also compute code diagnostics: bit balance and entropy, mean |bit"
          + " correlation|, bucket occupancy, Hamming distances of similar vs dissimilar pairs.")
  boolean diagnostics;

  @Option(names = "--write",
      description = "With --run: add the diagnostics to RUN_DIR/metrics.json (after checking"
          + " that the codes reproduce its tie-aware mAP@all).")
  boolean write;

  @Option(names = "--topk", split = ",", converter = TopKConverter.class, defaultValue = "all,1000",
      description = "mAP cut-offs, 'all' for the whole ranking (default: ${DEFAULT-VALUE}).")
  List<Integer> topK;

  @Option(names = "--precision-at", split = ",", defaultValue = "1,10,100,1000",
      description = "N values for P@N (default: ${DEFAULT-VALUE}).")
  List<Integer> precisionAt;

  @Option(names = "--hashnet", description = "Also show mAP in the HashNet convention (queries without a hit left out).")
  boolean hashnet;

  @Option(names = "--threads", defaultValue = "0", description = "Worker threads, 0 = all cores.")
  int threads;

  @Option(names = "--out", description = "Write the metrics as JSON to this file.")
  Path out;

  /**
   * What {@code --out} writes: the inputs, the retrieval and (when computed) diagnostics objects
   * of metrics.json, the time.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record Output(Inputs inputs, RunMetrics.Retrieval retrieval,
      RunMetrics.Diagnostics diagnostics, @JsonProperty("eval_s") double evalS) {}

  /** The input files as given. */
  private record Inputs(@JsonProperty("query_codes") String queryCodes,
      @JsonProperty("db_codes") String dbCodes,
      @JsonProperty("query_labels") String queryLabels,
      @JsonProperty("db_labels") String dbLabels) {}

  /** Parses "all" as -1, else an integer. */
  static final class TopKConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return value.trim().equalsIgnoreCase("all") ? -1 : Integer.valueOf(value.trim());
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outW = spec.commandLine().getOut();
    try {
      inputs();
      List<Integer> cutoffs = topK;
      if (write && !cutoffs.contains(-1)) {
        cutoffs = new ArrayList<>(topK);
        cutoffs.add(-1);
      }
      EvalOptions options = new EvalOptions(cutoffs, precisionAt, threads);
      EvalInputs.Loaded in = EvalInputs.load(queryCodes, dbCodes, queryLabels, dbLabels);
      long t0 = System.nanoTime();
      RetrievalMetrics m = RetrievalEvaluator.evaluate(in.query(), in.queryLabels(), in.db(), in.dbLabels(), options);
      double seconds = (System.nanoTime() - t0) / 1e9;
      outW.print(table(m, hashnet, seconds));
      RunMetrics.Diagnostics diag = null;
      if (diagnostics || run != null) {
        diag = CodeDiagnostics.of(in.query(), in.queryLabels(), in.db(), in.dbLabels());
        outW.print(diagnosticsTable(diag));
      }
      outW.flush();
      if (write) {
        Path metrics = run.resolve(ResultsReader.METRICS_FILE);
        MetricsFile.replace(metrics, checked(metrics, m).withDiagnostics(diag));
        outW.println("Added diagnostics to " + metrics);
        outW.flush();
      }
      if (out != null) {
        Output json = new Output(new Inputs(queryCodes.toString(), dbCodes.toString(),
            queryLabels.toString(), dbLabels.toString()), m.toRetrieval(), diag, seconds);
        try {
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write metrics to " + out, e);
        }
        outW.println("Wrote " + out);
        outW.flush();
      }
      return 0;
    } catch (EvalInputException | IllegalArgumentException | ResultsReadException e) {
      err.println("dpfah eval: " + e.getMessage());
      err.flush();
      return 2;
    } catch (UncheckedIOException e) {
      err.println("dpfah eval: " + e.getMessage() + ": " + e.getCause().getMessage());
      err.flush();
      return 1;
    }
  }

  /** Fills the four input files from {@code --run}, or checks that all four are given. */
  private void inputs() {
    if (run != null) {
      if (queryCodes != null || dbCodes != null || queryLabels != null || dbLabels != null) {
        throw new IllegalArgumentException("give either --run or the four code and label files,"
            + " not both");
      }
      if (!Files.isDirectory(run)) {
        throw new IllegalArgumentException(run + ": no such run folder");
      }
      queryCodes = run.resolve(RunFolder.QUERY_CODES);
      dbCodes = run.resolve(RunFolder.DB_CODES);
      queryLabels = run.resolve(RunFolder.QUERY_LABELS);
      dbLabels = run.resolve(RunFolder.DB_LABELS);
      List<String> missing = RunFolder.missingCodeFiles(run);
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(run + ": no " + String.join(", ", missing)
            + " (the .npy files exist only where the run was executed; committed results"
            + " folders have none)");
      }
    } else if (write) {
      throw new IllegalArgumentException("--write needs --run RUN_DIR (the metrics.json to add"
          + " the diagnostics to)");
    } else if (queryCodes == null || dbCodes == null || queryLabels == null || dbLabels == null) {
      throw new IllegalArgumentException("expected --run RUN_DIR, or all of --query-codes,"
          + " --db-codes, --query-labels and --db-labels");
    }
  }

  /**
   * The run's metrics, checked to be a finished run whose recorded tie-aware mAP@all the codes
   * reproduce (so the diagnostics describe the codes the figures came from).
   */
  private static RunMetrics checked(Path file, RetrievalMetrics m) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file, expected the run's metrics");
    }
    RunMetrics recorded = MetricsFile.read(file);
    Double map = recorded.retrieval() == null || recorded.retrieval().mapTieAware() == null
        ? null : recorded.retrieval().mapTieAware().get("all");
    if (!recorded.finished() || map == null) {
      throw new IllegalArgumentException(file + ": expected a finished run with"
          + " retrieval.map_tie_aware.all; nothing written");
    }
    if (Math.abs(map - m.mapAll()) > 1e-9) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the codes give"
          + " tie-aware mAP@all %.6f but the file records %.6f: they are not this run's codes;"
          + " nothing written", file, m.mapAll(), map));
    }
    return recorded;
  }

  /** The code diagnostics as printed: the summary, per-bit figures and the distance histogram. */
  static String diagnosticsTable(RunMetrics.Diagnostics d) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "Code diagnostics (bits and buckets over the database codes):%n  %s%n",
        CodeDiagnostics.summary(d)));
    sb.append(String.format(Locale.ROOT, "  %-4s %12s %12s%n", "bit", "balance", "entropy"));
    for (int b = 0; b < d.bitBalance().size(); b++) {
      sb.append(String.format(Locale.ROOT, "  %-4d %12.4f %12.4f%n", b, d.bitBalance().get(b),
          d.bitEntropy().get(b)));
    }
    RunMetrics.HammingHistogram h = d.hammingHistogram();
    sb.append(String.format(Locale.ROOT, "  %-4s %14s %14s%n", "d", "similar pairs",
        "dissimilar"));
    for (int k = 0; k < h.similar().size(); k++) {
      sb.append(String.format(Locale.ROOT, "  %-4d %14d %14d%n", k, h.similar().get(k),
          h.dissimilar().get(k)));
    }
    return sb.toString();
  }

  /** The human-readable summary printed by the command. */
  static String table(RetrievalMetrics m, boolean hashnet, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("Retrieval: %d queries, %d database items, %d bits (%.3f s)%n",
        m.numQueries(), m.numDatabase(), m.bits(), seconds));
    sb.append(String.format("  %-8s %18s %14s%s%n", "cut-off", "mAP (tie-aware)", "mAP (stable)",
        hashnet ? String.format(" %15s", "mAP (HashNet)") : ""));
    for (Map.Entry<Integer, Double> e : m.mapTieAware().entrySet()) {
      int k = e.getKey();
      sb.append(String.format("  %-8s %18.4f %14.4f%s%n", "@" + EvalOptions.key(k), e.getValue(),
          m.map().get(k), hashnet ? String.format(" %15.4f", m.mapHashnet().get(k)) : ""));
    }
    for (Map.Entry<Integer, Double> e : m.precisionAtN().entrySet()) {
      sb.append(String.format("  P@%-6d %18.4f%n", e.getKey(), e.getValue()));
    }
    sb.append(String.format("  %-8s %18.4f%n", "P(r<=2)", m.precisionRadius2()));
    return sb.toString();
  }
}
