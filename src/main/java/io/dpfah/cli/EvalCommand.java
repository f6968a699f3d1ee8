package io.dpfah.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.eval.EvalInputException;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.eval.RetrievalMetrics;
import io.dpfah.results.RunMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah eval}: retrieval metrics of hash codes saved as {@code .npy} (by this project or
 * another tool). Prints a table headlined by the tie-aware mAP and optionally writes JSON.
 * Bad input files give a message naming the file on stderr and exit code 2.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate Hamming-ranking retrieval of hash codes stored as .npy files.")
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--query-codes", required = true, description = "Query codes (n, K): ±1, 0/1 or real values.")
  Path queryCodes;

  @Option(names = "--db-codes", required = true, description = "Database codes (m, K).")
  Path dbCodes;

  @Option(names = "--query-labels", required = true, description = "Query labels: (n,) class ids or (n, C) multi-hot.")
  Path queryLabels;

  @Option(names = "--db-labels", required = true, description = "Database labels: (m,) or (m, C).")
  Path dbLabels;

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

  /** What {@code --out} writes: the inputs, the retrieval object of metrics.json, the time. */
  private record Output(Inputs inputs, RunMetrics.Retrieval retrieval,
      @JsonProperty("eval_s") double evalS) {}

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
      EvalOptions options = new EvalOptions(topK, precisionAt, threads);
      EvalInputs.Loaded in = EvalInputs.load(queryCodes, dbCodes, queryLabels, dbLabels);
      long t0 = System.nanoTime();
      RetrievalMetrics m = RetrievalEvaluator.evaluate(in.query(), in.queryLabels(), in.db(), in.dbLabels(), options);
      double seconds = (System.nanoTime() - t0) / 1e9;
      outW.print(table(m, hashnet, seconds));
      outW.flush();
      if (out != null) {
        Output json = new Output(new Inputs(queryCodes.toString(), dbCodes.toString(),
            queryLabels.toString(), dbLabels.toString()), m.toRetrieval(), seconds);
        try {
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write metrics to " + out, e);
        }
        outW.println("Wrote " + out);
        outW.flush();
      }
      return 0;
    } catch (EvalInputException | IllegalArgumentException e) {
      err.println("dpfah eval: " + e.getMessage());
      err.flush();
      return 2;
    }
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
