package io.dpfah.results;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dpfah.results.RunRecord.Classification;
import io.dpfah.results.RunRecord.HistoryRow;
import io.dpfah.results.RunRecord.Params;
import io.dpfah.results.RunRecord.Retrieval;
import io.dpfah.results.RunRecord.Status;
import io.dpfah.results.RunRecord.Timing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an experiment folder ({@code results/<experiment>/}) back into {@link ExperimentResults}.
 *
 * <p>Every sub-folder is a run, except hidden folders and {@code report/}. A folder without
 * metrics.json is {@link Status#UNFINISHED}. {@link #read} never loses the other runs: a
 * malformed metrics.json makes that run {@link Status#BROKEN} (its error names the file and
 * field) and a malformed history.csv leaves the history empty; both add a warning. {@link
 * #readRun} is the strict variant and throws instead.
 *
 * <p>Variant labels: the sweep axes of the whole experiment other than bits and seed. One
 * string-valued axis gives its value ({@code pfa}); otherwise {@code key=value} pairs joined by
 * commas, key = last path segment ({@code classifier.enabled} becomes {@code classifier}),
 * booleans as on/off ({@code classifier=off,quantization=0}). A run without any such axis is
 * {@code default}; an experiment without any is labelled by attention. Variant order: {@code
 * none}, {@code default}, then alphabetical.
 */
public final class ResultsReader {

  /** Name of a run's metrics file. */
  public static final String METRICS_FILE = "metrics.json";

  /** Name of a run's per-epoch history file (losses, learning rate, mAP: seed-determined). */
  public static final String HISTORY_FILE = "history.csv";

  /** Name of a run's per-epoch timing file (wall time, throughput, RSS: machine-dependent). */
  public static final String TIMING_FILE = "timing.csv";

  /** Folder inside the experiment folder that holds the report (not a run). */
  public static final String REPORT_DIR = "report";

  private static final Logger LOG = LoggerFactory.getLogger(ResultsReader.class);
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final List<String> FIRST = List.of("none", "default");

  private ResultsReader() {}

  /**
   * Reads every run folder of an experiment; see the class comment for lenient handling.
   *
   * @throws ResultsReadException if the folder does not exist or cannot be listed
   */
  public static ExperimentResults read(Path experimentDir) {
    if (!Files.isDirectory(experimentDir)) {
      throw new ResultsReadException(experimentDir + ": not a directory (expected an experiment "
          + "folder results/<experiment>/ holding one folder per run)");
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(experimentDir)) {
      dirs = s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !p.getFileName().toString().equals(REPORT_DIR))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new ResultsReadException(experimentDir + ": cannot list run folders: " + e, e);
    }
    List<String> warnings = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    String name = null;
    for (Path dir : dirs) {
      RunRecord run;
      try {
        Parsed parsed = parseRun(dir, warnings);
        run = parsed.run();
        if (name == null) {
          name = parsed.experiment();
        }
      } catch (ResultsReadException e) {
        warn(warnings, e.getMessage());
        run = new RunRecord(dir.getFileName().toString(), dir, Status.BROKEN, e.getMessage(),
            Map.of(), "", null, null, 0, 0, null, null, null, null, null, List.of());
      }
      runs.add(run);
    }
    runs = labelVariants(runs);
    List<String> order = runs.stream().filter(RunRecord::finished).map(RunRecord::variantLabel)
        .distinct().sorted(ResultsReader::compareVariants).toList();
    return new ExperimentResults(name != null ? name : experimentDir.getFileName().toString(),
        experimentDir, runs, order, warnings);
  }

  /**
   * Reads one run folder strictly. Its variant label is computed from this run alone.
   *
   * @throws ResultsReadException naming the file and field (or line) of the first problem
   */
  public static RunRecord readRun(Path runDir) {
    return labelVariants(List.of(parseRun(runDir, null).run())).get(0);
  }

  /**
   * Reads a history.csv file (header {@code epoch,loss,pairwise,classification,quantization,lr,
   * map_all}; columns other than epoch and loss may be missing or empty). Files written before
   * {@code timing.csv} existed also carry {@code seconds,images_per_s,rss_mb}, which are read
   * too; otherwise those fields are NaN (see {@link #readRunHistory}).
   *
   * @throws ResultsReadException naming the file, line and column of the first problem
   */
  public static List<HistoryRow> readHistory(Path csv) {
    List<HistoryRow> rows = new ArrayList<>();
    for (CsvRow r : readCsv(csv)) {
      rows.add(new HistoryRow(r.epoch(), r.get("loss"), r.get("pairwise"),
          r.get("classification"), r.get("quantization"), r.get("lr"), r.get("seconds"),
          r.get("images_per_s"), r.get("map_all"), r.get("rss_mb")));
    }
    return List.copyOf(rows);
  }

  /**
   * Reads a run's per-epoch history: {@code history.csv}, with {@code seconds},
   * {@code images_per_s} and {@code rss_mb} taken from {@code timing.csv} (header
   * {@code epoch,seconds,images_per_s,rss_mb}) when the run has one. Old runs without it keep
   * the timing columns of their history.csv. Empty when there is no history.csv.
   *
   * @throws ResultsReadException naming the file, line and column of the first problem
   */
  public static List<HistoryRow> readRunHistory(Path runDir) {
    Path historyFile = runDir.resolve(HISTORY_FILE);
    if (!Files.isRegularFile(historyFile)) {
      return List.of();
    }
    List<HistoryRow> history = readHistory(historyFile);
    Path timingFile = runDir.resolve(TIMING_FILE);
    if (!Files.isRegularFile(timingFile)) {
      return history;
    }
    Map<Integer, CsvRow> timing = new HashMap<>();
    for (CsvRow r : readCsv(timingFile)) {
      timing.put(r.epoch(), r);
    }
    List<HistoryRow> merged = new ArrayList<>();
    for (HistoryRow h : history) {
      CsvRow t = timing.get(h.epoch());
      merged.add(t == null ? h : new HistoryRow(h.epoch(), h.loss(), h.pairwise(),
          h.classification(), h.quantization(), h.lr(), t.get("seconds"), t.get("images_per_s"),
          h.mapAll(), t.get("rss_mb")));
    }
    return List.copyOf(merged);
  }

  /** The data rows of a CSV file with an {@code epoch} column (and {@code loss} for history). */
  private static List<CsvRow> readCsv(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ResultsReadException(csv + ": cannot read: " + e, e);
    }
    if (lines.isEmpty()) {
      throw new ResultsReadException(csv + ": empty file, expected a header line");
    }
    String[] header = lines.get(0).strip().split(",", -1);
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i].strip(), i);
    }
    List<String> required = csv.getFileName().toString().equals(TIMING_FILE)
        ? List.of("epoch") : List.of("epoch", "loss");
    for (String name : required) {
      if (!col.containsKey(name)) {
        throw new ResultsReadException(csv + ":1: missing column '" + name
            + "' (header is '" + lines.get(0) + "')");
      }
    }
    List<CsvRow> rows = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != header.length) {
        throw new ResultsReadException(csv + ":" + (n + 1) + ": expected " + header.length
            + " cells like the header, found " + cells.length);
      }
      CsvRow r = new CsvRow(csv, n + 1, cells, col);
      double epoch = r.get("epoch");
      if (Double.isNaN(epoch) || epoch != Math.rint(epoch)) {
        throw new ResultsReadException(csv + ":" + (n + 1)
            + ": column 'epoch': expected an integer, found '" + cells[col.get("epoch")] + "'");
      }
      rows.add(r);
    }
    return rows;
  }

  private record CsvRow(Path file, int line, String[] cells, Map<String, Integer> col) {
    int epoch() {
      return (int) get("epoch");
    }

    double get(String name) {
      Integer i = col.get(name);
      if (i == null || cells[i].isBlank()) {
        return Double.NaN;
      }
      try {
        return Double.parseDouble(cells[i].strip());
      } catch (NumberFormatException e) {
        throw new ResultsReadException(file + ":" + line + ": column '" + name
            + "': expected a number, found '" + cells[i] + "'");
      }
    }
  }

  private record Parsed(RunRecord run, String experiment) {}

  /** Parses a run folder; warnings == null means strict (history errors throw). */
  private static Parsed parseRun(Path dir, List<String> warnings) {
    String id = dir.getFileName().toString();
    Path file = dir.resolve(METRICS_FILE);
    if (!Files.isRegularFile(file)) {
      return new Parsed(new RunRecord(id, dir, Status.UNFINISHED, "no " + METRICS_FILE
          + " (run unfinished or killed)", Map.of(), "", null, null, 0, 0, null, null, null, null,
          null, List.of()), null);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new ResultsReadException(file + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")" : ""), e);
    } catch (IOException e) {
      throw new ResultsReadException(file + ": cannot read: " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new ResultsReadException(file + ": expected a JSON object at the top level");
    }
    Obj f = Obj.root(file, root);
    String statusText = f.str("status", true);
    Status status = switch (statusText) {
      case "finished" -> Status.FINISHED;
      case "failed" -> Status.FAILED;
      default -> throw new ResultsReadException(file + ": field 'status': expected \"finished\" "
          + "or \"failed\", found \"" + statusText + "\"");
    };
    boolean finished = status == Status.FINISHED;
    String error = f.str("error", false);
    if (!finished && error == null) {
      error = "(no error message)";
    }
    Map<String, Object> variant = f.variant();
    long bits = f.integer("bits", finished, 0);
    long seed = f.integer("seed", false, 0);
    Params params = f.params();
    Retrieval retrieval = f.retrieval(finished);
    Classification classification = f.classification();
    Timing timing = f.timing();
    List<HistoryRow> history = List.of();
    try {
      history = readRunHistory(dir);
    } catch (ResultsReadException e) {
      if (warnings == null) {
        throw e;
      }
      warn(warnings, e.getMessage() + " (history of run " + id + " left empty)");
    }
    String runId = f.str("run_id", false);
    RunRecord run = new RunRecord(runId != null ? runId : id, dir, status, error, variant, "",
        f.str("attention", false), f.str("backbone", false), (int) bits, seed,
        f.str("dataset", false), params, retrieval, classification, timing, history);
    return new Parsed(run, f.str("experiment", false));
  }

  private static void warn(List<String> warnings, String message) {
    LOG.warn(message);
    warnings.add(message);
  }

  private static boolean isBitsOrSeed(String key) {
    String last = key.substring(key.lastIndexOf('.') + 1);
    return last.equals("bits") || last.equals("seed");
  }

  private static String shortKey(String key) {
    String[] parts = key.split("\\.");
    String last = parts[parts.length - 1];
    return last.equals("enabled") && parts.length > 1 ? parts[parts.length - 2] : last;
  }

  private static String formatValue(Object v) {
    if (v instanceof Boolean b) {
      return b ? "on" : "off";
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  private static List<RunRecord> labelVariants(List<RunRecord> runs) {
    Set<String> axes = new LinkedHashSet<>();
    runs.forEach(r -> r.variant().keySet().stream().filter(k -> !isBitsOrSeed(k))
        .forEach(axes::add));
    Map<String, String> names = new HashMap<>();
    Map<String, Integer> uses = new HashMap<>();
    axes.forEach(a -> uses.merge(shortKey(a), 1, Integer::sum));
    axes.forEach(a -> names.put(a, uses.get(shortKey(a)) > 1 ? a : shortKey(a)));
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord r : runs) {
      String label;
      if (r.status() == Status.UNFINISHED || r.status() == Status.BROKEN) {
        label = "";
      } else if (axes.isEmpty()) {
        label = r.attention() != null ? r.attention() : "default";
      } else {
        List<String> parts = new ArrayList<>();
        for (String a : axes) {
          if (r.variant().containsKey(a)) {
            Object v = r.variant().get(a);
            parts.add(axes.size() == 1 && v instanceof String s ? s
                : names.get(a) + "=" + formatValue(v));
          }
        }
        label = parts.isEmpty() ? "default" : String.join(",", parts);
      }
      out.add(r.withVariantLabel(label));
    }
    return out;
  }

  private static int compareVariants(String a, String b) {
    int ia = FIRST.indexOf(a);
    int ib = FIRST.indexOf(b);
    if (ia >= 0 || ib >= 0) {
      return Integer.compare(ia < 0 ? FIRST.size() : ia, ib < 0 ? FIRST.size() : ib);
    }
    int c = a.compareToIgnoreCase(b);
    return c != 0 ? c : a.compareTo(b);
  }

  /**
   * A JSON object of a metrics file with its dotted path, giving typed field access whose
   * errors name the file and the field.
   */
  private record Obj(Path file, JsonNode json, String path) {

    static Obj root(Path file, JsonNode json) {
      return new Obj(file, json, "");
    }

    private String at(String name) {
      return path + name;
    }

    private ResultsReadException bad(String fieldPath, String expected, JsonNode found) {
      return new ResultsReadException(file + ": field '" + fieldPath + "': expected " + expected
          + ", found " + (found == null || found.isMissingNode() ? "nothing" : found.toString()));
    }

    private JsonNode get(String name) {
      JsonNode n = json.get(name);
      return n == null || n.isNull() ? null : n;
    }

    Obj obj(String name, boolean required) {
      JsonNode n = get(name);
      if (n == null && !required) {
        return null;
      }
      if (n == null || !n.isObject()) {
        throw bad(at(name), "an object", n);
      }
      return new Obj(file, n, at(name) + ".");
    }

    String str(String name, boolean required) {
      JsonNode n = get(name);
      if (n == null && !required) {
        return null;
      }
      if (n == null || !n.isTextual()) {
        throw bad(at(name), "a string", n);
      }
      return n.textValue();
    }

    long integer(String name, boolean required, long absent) {
      JsonNode n = get(name);
      if (n == null && !required) {
        return absent;
      }
      if (n == null || !n.isNumber() || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw bad(at(name), "an integer", n);
      }
      return n.longValue();
    }

    double num(String name) {
      JsonNode n = get(name);
      return n == null ? Double.NaN : number(n, at(name));
    }

    private double number(JsonNode n, String fieldPath) {
      if (n.isNull()) {
        return Double.NaN;
      }
      if (!n.isNumber()) {
        throw bad(fieldPath, "a number", n);
      }
      return n.doubleValue();
    }

    Map<String, Object> variant() {
      Obj v = obj("variant", false);
      if (v == null) {
        return Map.of();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode n = e.getValue();
        Object value;
        if (n.isBoolean()) {
          value = n.booleanValue();
        } else if (n.isIntegralNumber()) {
          value = n.canConvertToInt() ? (Object) n.intValue() : (Object) n.longValue();
        } else if (n.isNumber()) {
          value = n.doubleValue();
        } else if (n.isTextual()) {
          value = n.textValue();
        } else if (n.isNull()) {
          value = "null";
        } else {
          throw bad(v.at(e.getKey()), "a string, number or boolean", n);
        }
        out.put(e.getKey(), value);
      }
      return Collections.unmodifiableMap(out);
    }

    Map<String, Double> cutoffMap(String name) {
      Obj m = obj(name, false);
      if (m == null) {
        return Map.of();
      }
      Map<String, Double> sorted = new TreeMap<>(ResultsReader::compareCutoffs);
      for (Iterator<Map.Entry<String, JsonNode>> it = m.json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        if (!k.equals("all") && !k.matches("\\d+")) {
          throw new ResultsReadException(file + ": field '" + at(name) + "': key \""
              + k + "\" is neither \"all\" nor a positive integer");
        }
        sorted.put(k, number(e.getValue(), m.at(k)));
      }
      return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    List<Double> numbers(String name) {
      JsonNode a = get(name);
      if (a == null) {
        return List.of();
      }
      if (!a.isArray()) {
        throw bad(at(name), "an array of numbers", a);
      }
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(number(a.get(i), at(name) + "[" + i + "]"));
      }
      return Collections.unmodifiableList(out);
    }

    List<String> strings(String name) {
      JsonNode a = get(name);
      if (a == null) {
        return List.of();
      }
      if (!a.isArray()) {
        throw bad(at(name), "an array of strings", a);
      }
      List<String> out = new ArrayList<>();
      a.forEach(n -> out.add(n.asText()));
      return List.copyOf(out);
    }

    List<List<Long>> matrix(String name) {
      JsonNode a = get(name);
      if (a == null) {
        return List.of();
      }
      if (!a.isArray()) {
        throw bad(at(name), "an array of integer arrays", a);
      }
      List<List<Long>> rows = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        JsonNode row = a.get(i);
        if (!row.isArray()) {
          throw bad(at(name) + "[" + i + "]", "an array of integers", row);
        }
        List<Long> r = new ArrayList<>();
        for (int j = 0; j < row.size(); j++) {
          if (!row.get(j).isIntegralNumber()) {
            throw bad(at(name) + "[" + i + "][" + j + "]", "an integer", row.get(j));
          }
          r.add(row.get(j).longValue());
        }
        rows.add(List.copyOf(r));
      }
      return List.copyOf(rows);
    }

    Params params() {
      Obj p = obj("params", false);
      return p == null ? null : new Params(p.integer("total", false, -1),
          p.integer("backbone", false, -1), p.integer("attention", false, -1),
          p.integer("hash", false, -1), p.integer("classifier", false, -1));
    }

    Classification classification() {
      Obj c = obj("classification", false);
      return c == null ? null : new Classification(c.num("accuracy"), c.num("macro_f1"),
          c.strings("labels"), c.matrix("confusion"));
    }

    Timing timing() {
      Obj t = obj("timing", false);
      return t == null ? null : new Timing(t.num("train_s"), t.num("encode_s"), t.num("eval_s"),
          t.num("total_s"), t.num("train_images_per_s"), t.num("encode_images_per_s"));
    }

    Retrieval retrieval(boolean required) {
      Obj r = obj("retrieval", required);
      if (r == null) {
        return null;
      }
      Map<String, Double> tieAware = r.cutoffMap("map_tie_aware");
      if (required && !tieAware.containsKey("all")) {
        throw bad(r.at("map_tie_aware.all"), "a number (the headline mAP@all)",
            r.json.path("map_tie_aware").path("all"));
      }
      SortedMap<Integer, Double> pAtN = new TreeMap<>();
      Obj p = r.obj("p_at_n", false);
      if (p != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = p.json.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getKey().matches("\\d+")) {
            throw new ResultsReadException(file + ": field '" + r.at("p_at_n") + "': key \""
                + e.getKey() + "\" is not a positive integer");
          }
          pAtN.put(Integer.parseInt(e.getKey()), number(e.getValue(), p.at(e.getKey())));
        }
      }
      Obj pr = r.obj("pr_radius", false);
      List<Double> precision = pr == null ? List.of() : pr.numbers("precision");
      List<Double> recall = pr == null ? List.of() : pr.numbers("recall");
      if (precision.size() != recall.size()) {
        throw new ResultsReadException(file + ": field '" + r.at("pr_radius") + "': precision has "
            + precision.size() + " values but recall has " + recall.size());
      }
      return new Retrieval((int) r.integer("num_queries", false, -1),
          (int) r.integer("num_database", false, -1), r.cutoffMap("map"), tieAware,
          r.cutoffMap("map_hashnet"), Collections.unmodifiableSortedMap(pAtN), r.num("p_r2"),
          precision, recall);
    }
  }

  /** Orders mAP cut-off keys: {@code all} first, then numerically. */
  public static int compareCutoffs(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.equals("all")) {
      return -1;
    }
    if (b.equals("all")) {
      return 1;
    }
    return Long.compare(Long.parseLong(a), Long.parseLong(b));
  }
}
