package io.dpfah.results;

import io.dpfah.results.RunRecord.HistoryRow;
import io.dpfah.results.RunRecord.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@code default}; an experiment without any is labelled by attention. A shallow method's run on
 * a randomly initialised backbone gets {@value #RANDOM_BACKBONE} appended, so no table passes it
 * off as hashing trained features. Variant order: {@code none}, {@code default}, then
 * alphabetical.
 */
public final class ResultsReader {

  /** Name of a run's metrics file. */
  public static final String METRICS_FILE = "metrics.json";

  /** Name of a run's per-epoch history file (losses, learning rate, mAP: seed-determined). */
  public static final String HISTORY_FILE = "history.csv";

  /** Name of a run's per-epoch timing file (wall time, throughput, RSS: machine-dependent). */
  public static final String TIMING_FILE = "timing.csv";

  /** Appended to the variant label of a shallow run on a random backbone. */
  public static final String RANDOM_BACKBONE = " (random-init backbone)";

  /** Folder inside the experiment folder that holds the report (not a run). */
  public static final String REPORT_DIR = "report";

  private static final Logger LOG = LoggerFactory.getLogger(ResultsReader.class);
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
        run = new RunRecord(dir.getFileName().toString(), dir, Status.BROKEN, e.getMessage(), "",
            RunMetrics.EMPTY, List.of());
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
          + " (run unfinished or killed)", "", RunMetrics.EMPTY, List.of()), null);
    }
    RunMetrics m = MetricsFile.read(file);
    if (m.status() == null) {
      throw missing(file, "status", "a string");
    }
    Status status = switch (m.status()) {
      case RunMetrics.FINISHED -> Status.FINISHED;
      case RunMetrics.FAILED -> Status.FAILED;
      default -> throw new ResultsReadException(file + ": field 'status': expected \"finished\" "
          + "or \"failed\", found \"" + m.status() + "\"");
    };
    boolean finished = status == Status.FINISHED;
    if (finished) {
      checkFinished(file, m);
    }
    checkPrRadius(file, m.retrieval());
    String error = m.error();
    if (!finished && error == null) {
      error = "(no error message)";
    }
    List<HistoryRow> history = List.of();
    try {
      history = readRunHistory(dir);
    } catch (ResultsReadException e) {
      if (warnings == null) {
        throw e;
      }
      warn(warnings, e.getMessage() + " (history of run " + id + " left empty)");
    }
    RunRecord run = new RunRecord(m.runId() != null ? m.runId() : id, dir, status, error, "", m,
        history);
    return new Parsed(run, m.experiment());
  }

  /** A finished run has its code length and the headline tie-aware mAP@all. */
  private static void checkFinished(Path file, RunMetrics m) {
    if (m.bits() == null) {
      throw missing(file, "bits", "an integer");
    }
    if (m.retrieval() == null) {
      throw missing(file, "retrieval", "an object");
    }
    if (m.retrieval().mapTieAware() == null || !m.retrieval().mapTieAware().containsKey("all")) {
      throw missing(file, "retrieval.map_tie_aware.all", "a number (the headline mAP@all)");
    }
  }

  private static void checkPrRadius(Path file, RunMetrics.Retrieval r) {
    if (r == null || r.prRadius() == null) {
      return;
    }
    int precision = r.prRadius().precision() == null ? 0 : r.prRadius().precision().size();
    int recall = r.prRadius().recall() == null ? 0 : r.prRadius().recall().size();
    if (precision != recall) {
      throw new ResultsReadException(file + ": field 'retrieval.pr_radius': precision has "
          + precision + " values but recall has " + recall);
    }
  }

  private static ResultsReadException missing(Path file, String field, String expected) {
    return new ResultsReadException(file + ": field '" + field + "': expected " + expected
        + ", found nothing");
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
        label = r.metrics().attention() != null ? r.metrics().attention() : "default";
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
      if (!label.isEmpty() && r.metrics().features() != null
          && RunMetrics.Features.FROM_RANDOM.equals(r.metrics().features().source())) {
        label += RANDOM_BACKBONE;
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
