package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.RunRecord;
import io.dpfah.search.Gallery;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;

/**
 * The report's {@code index.html}, laid out like a paper's results section and self-contained:
 * every plot is embedded as a PNG data URI, the styles are inline and there is no script, so the
 * file renders the same when mailed alone (the links to the CSV, Markdown and SVG files, the run
 * folders and their {@code spec.yaml} then simply lead nowhere).
 *
 * <p>Order: title and one-line summary, table of contents, then the headline (tie-aware mAP@all with the best mean per column in bold, the
 * settings that differ between variants beside it, the mAP-vs-bits plot beside both (mAP by
 * variant when there is a single code length), the paired comparison), runs that did not finish
 * and read warnings, the other mAP tables, precision (P@N and PR, each plot beside its table), code
 * diagnostics (per-run table beside the Hamming-distance plot, or one line saying why there are
 * none), classification, training time / loss / parameters, the runs (linked to their folders
 * and specs, with the shared settings), retrieval examples and provenance. Each table's title is
 * its caption and each plot's title is inside the image, so no title appears twice.
 */
public final class HtmlReport {

  private static final String TIE_NOTE = "<p class=\"note\"><b>Tie-aware vs stable mAP.</b> "
      + "Hamming distances take only K+1 values, so many database items tie with a query. "
      + "<i>Stable</i> mAP (DeepHash-pytorch CalcTopMap) ranks tied items in database index "
      + "order, which can favour or penalise a method by accident of data order. "
      + "<i>Tie-aware</i> mAP is the exact expectation of AP over all orders of tied items "
      + "(McSherry &amp; Najork, 2008); it is the headline here. The combined table shows "
      + "tie-aware with stable in parentheses; a large gap means many ties (short codes or "
      + "collapsed codes). HashNet-convention mAP@K leaves out queries without a relevant item "
      + "in the top K.</p>\n";

  private static final String CSS = ""
      + "body{font-family:system-ui,sans-serif;max-width:1400px;margin:2em auto;padding:0 1.5em;"
      + "color:#1b1b1b;line-height:1.45;}\n"
      + "h1{margin-bottom:0.2em;} h2{border-bottom:1px solid #ddd;padding-bottom:0.2em;"
      + "margin-top:2em;}\n"
      + "table{border-collapse:collapse;margin:0.5em 0 1.2em;font-size:14px;min-width:22em;}\n"
      + "th,td{border:1px solid #ccc;padding:3px 8px;} th{background:#f3f3f3;}\n"
      + "td.num{text-align:right;} td.best{font-weight:bold;background:#eaf4ea;}\n"
      + "caption{text-align:left;font-weight:bold;padding:4px 0;caption-side:top;}\n"
      + "caption .files{font-weight:normal;font-size:12px;margin-left:0.6em;}\n"
      + ".note{background:#f6f8fa;border-left:4px solid #4E79A7;padding:0.5em 1em;}\n"
      + ".lede{font-size:15px;} .error{color:#b00;}\n"
      + ".pair{display:flex;flex-wrap:wrap;gap:12px 32px;align-items:flex-start;}\n"
      + ".pair>.tables{flex:0 1 auto;max-width:100%;overflow-x:auto;}\n"
      + ".pair>figure{flex:1 1 480px;max-width:800px;margin:0.5em 0;}\n"
      + "figure img{width:100%;height:auto;border:1px solid #eee;}\n"
      + "figcaption{font-size:12px;color:#555;}\n"
      + "nav.toc{background:#fafafa;border:1px solid #e3e3e3;padding:0.4em 1.2em;"
      + "display:inline-block;} nav.toc ol{margin:0.3em 0;padding-left:1.4em;}\n"
      + "details{margin:0.5em 0;} summary{cursor:pointer;font-weight:bold;}\n"
      + "a.spec{font-size:12px;margin-left:0.4em;}\n";

  private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(-?\\d+(?:\\.\\d+)?)");

  private HtmlReport() {}

  /**
   * A plot of the report.
   *
   * @param title the chart's title (drawn inside the image; used as the image's alt text)
   * @param png the PNG bytes, embedded as a data URI
   */
  record Figure(String title, byte[] png) {}

  /**
   * Renders the page.
   *
   * @param results the experiment
   * @param tables tables keyed by file stem (written as {@code tables/<stem>.csv|md})
   * @param figures plots keyed by file stem (written as {@code plots/<stem>.png|svg})
   * @param galleries the retrieval-examples section's HTML ({@link Galleries}), or ""
   * @param reportDir the folder the page is written to (links to run folders are relative to it)
   */
  static String render(ExperimentResults results, Map<String, Table> tables,
      Map<String, Figure> figures, String galleries, Path reportDir) {
    return new Page(results, tables, figures, reportDir).render(galleries);
  }

  /** One page being written: what is placed already, and the table of contents. */
  private static final class Page {
    private final ExperimentResults results;
    private final Map<String, Table> tables;
    private final Map<String, Figure> figures;
    private final Path reportDir;
    private final Set<String> placed = new HashSet<>();
    private final Map<String, String> toc = new LinkedHashMap<>();
    private final StringBuilder body = new StringBuilder();

    Page(ExperimentResults results, Map<String, Table> tables, Map<String, Figure> figures,
        Path reportDir) {
      this.results = results;
      this.tables = tables;
      this.figures = figures;
      this.reportDir = reportDir;
    }

    String render(String galleries) {
      headline();
      problems();
      otherMaps();
      precision();
      diagnostics();
      if (tables.containsKey("accuracy")) {
        section("classification", "Classification");
        pair(List.of("accuracy"), null);
      }
      cost();
      runs();
      if (!galleries.isEmpty()) {
        toc.put("retrieval-examples", "Retrieval examples");
        body.append(galleries);
      }
      section("provenance", "Provenance");
      pair(List.of("provenance"), null);
      rest();
      StringBuilder h = new StringBuilder();
      h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>").append(esc(results.name())).append(" — dpfah report</title>\n")
          .append("<style>\n").append(CSS).append(Gallery.CSS).append("</style>\n</head>\n")
          .append("<body>\n<h1>").append(esc(results.name())).append("</h1>\n");
      h.append(lede());
      h.append("<nav class=\"toc\" aria-label=\"Contents\"><b>Contents</b>\n<ol>\n");
      toc.forEach((id, title) -> h.append("<li><a href=\"#").append(id).append("\">")
          .append(esc(title)).append("</a></li>\n"));
      h.append("</ol>\n</nav>\n").append(body);
      h.append("<p class=\"note\">Files beside this page: <code>tables/</code> (every table as "
          + "CSV and Markdown; <a href=\"tables/summary.csv\">summary.csv</a> holds every "
          + "aggregated figure in long form) and <code>plots/</code> (every plot as PNG and "
          + "SVG). This page needs neither: its plots are embedded.</p>\n");
      return h.append("</body>\n</html>\n").toString();
    }

    private String lede() {
      StringBuilder h = new StringBuilder("<p class=\"lede\">");
      long finished = results.finished().size();
      h.append(results.runs().size()).append(" runs: ").append(finished)
          .append(" finished, ").append(count(RunRecord.Status.FAILED)).append(" failed, ")
          .append(count(RunRecord.Status.UNFINISHED)).append(" unfinished, ")
          .append(count(RunRecord.Status.BROKEN)).append(" unreadable. ");
      List<String> datasets = results.finished().stream().map(r -> r.metrics().dataset())
          .filter(Objects::nonNull).distinct().toList();
      if (!datasets.isEmpty()) {
        h.append("Data: ").append(esc(String.join(", ", datasets))).append(". ");
      }
      h.append("Variants: ").append(esc(String.join(", ", results.variants())))
          .append(". Code lengths: ").append(results.bits()).append(". Seeds per cell: ")
          .append(seedsText()).append(". Means and sample standard deviations (n-1) are "
              + "over seeds of finished runs only.</p>\n");
      return h.toString();
    }

    private void problems() {
      if (results.notFinished().isEmpty() && results.warnings().isEmpty()) {
        return;
      }
      section("problems", "Failed runs and warnings");
      if (!results.notFinished().isEmpty()) {
        body.append("<table>\n<caption>Runs that did not finish</caption>\n<tr><th>run</th>"
            + "<th>status</th><th>error</th></tr>\n");
        for (RunRecord r : results.notFinished()) {
          body.append("<tr><td>").append(esc(r.runId())).append("</td><td>")
              .append(r.status().name().toLowerCase(Locale.ROOT))
              .append("</td><td class=\"error\">").append(esc(r.error())).append("</td></tr>\n");
        }
        body.append("</table>\n");
      }
      if (!results.warnings().isEmpty()) {
        body.append("<p><b>Warnings while reading the results:</b></p>\n<ul>\n");
        results.warnings().forEach(w -> body.append("<li>").append(esc(w)).append("</li>\n"));
        body.append("</ul>\n");
      }
    }

    private void headline() {
      section("headline", "Headline result");
      List<String> left = new ArrayList<>(List.of("map_tie_aware_all"));
      Table settings = tables.get("settings");
      if (settings == null || settings.columnCount() <= 1) {
        placed.add("settings");
      } else {
        left.add("settings");
      }
      pair(left, figures.containsKey("map_vs_bits") ? "map_vs_bits" : "map_by_variant");
      body.append("<p>Bold: the best mean of its column (all of them when tied). Whether a "
          + "difference exceeds the spread over seeds is what the paired comparison tells.</p>\n");
      if (tables.containsKey("paired_map_tie_aware_all")) {
        pair(List.of("paired_map_tie_aware_all"), null);
      }
      if (tables.containsKey("comparison")) {
        pair(List.of("comparison"), null);
      }
      body.append(TIE_NOTE);
    }

    private void otherMaps() {
      List<String> maps = tables.keySet().stream()
          .filter(s -> s.startsWith("map_") && !placed.contains(s)).toList();
      if (maps.isEmpty()) {
        return;
      }
      section("map", "mAP: stable order, cut-offs, HashNet convention");
      body.append("<div class=\"pair\">\n");
      for (String stem : maps) {
        body.append("<div class=\"tables\">\n").append(table(stem)).append("</div>\n");
      }
      body.append("</div>\n");
    }

    private void precision() {
      section("precision", "Precision@N and precision–recall");
      boolean first = true;
      for (int b : results.bits()) {
        pair(List.of("p_at_n_" + b + "bits"), "p_at_n_" + b + "bits");
        pair(first ? List.of("p_r2") : List.of(), "pr_" + b + "bits");
        first = false;
      }
      if (!placed.contains("p_r2")) {
        pair(List.of("p_r2"), null);
      }
    }

    private void diagnostics() {
      section("diagnostics", "Code diagnostics");
      long with = results.finished().stream().filter(r -> r.metrics().diagnostics() != null)
          .count();
      long without = results.finished().size() - with;
      if (with == 0) {
        body.append("<p class=\"note\">No code diagnostics: these runs were written before dpfah"
            + " recorded them, and their folders hold no codes to compute them from (where the"
            + " codes exist, <code>dpfah eval --run RUN_DIR --write</code> adds them).</p>\n");
        return;
      }
      body.append("<p>How the codes use their bits: the fraction of database codes with +1 per "
          + "bit (0.5 is balanced) and its entropy (1 bit is the most a bit can carry), the mean "
          + "|correlation| between bits, how many database items share a code (bucket) and how "
          + "much of the database falls into a query's own bucket, and how far apart similar "
          + "(sharing a label) and dissimilar query–database pairs lie in Hamming distance.</p>\n");
      if (without > 0) {
        body.append("<p class=\"note\">").append(without).append(" of ")
            .append(results.finished().size()).append(" finished runs have no code diagnostics"
                + " (written before dpfah recorded them; their folders hold no codes).</p>\n");
      }
      boolean first = true;
      for (int b : results.bits()) {
        if (figures.containsKey("hamming_" + b + "bits")) {
          pair(first ? List.of("diagnostics") : List.of(), "hamming_" + b + "bits");
          first = false;
        }
      }
      if (!placed.contains("diagnostics")) {
        pair(List.of("diagnostics"), null);
      }
    }

    private void cost() {
      section("cost", "Training time, loss and parameters");
      boolean first = true;
      for (int b : results.bits()) {
        pair(first ? List.of("timing") : List.of(), "loss_" + b + "bits");
        first = false;
      }
      if (!placed.contains("timing")) {
        pair(List.of("timing"), null);
      }
      pair(List.of("parameters"), "parameters");
    }

    private void runs() {
      section("runs", "Runs");
      body.append("<p>Every run folder with its status; the run id links to its folder and "
          + "<i>spec.yaml</i> to the run's fully resolved spec.</p>\n");
      pair(List.of("runs"), null);
      Table common = tables.get("settings_common");
      if (common != null) {
        placed.add("settings_common");
        body.append("<details><summary>All shared settings (").append(common.rowCount())
            .append(")</summary>\n").append(table("settings_common")).append("</details>\n");
      }
    }

    /** Tables no section placed (except the long summary, linked at the end). */
    private void rest() {
      placed.add("summary");
      List<String> left = tables.keySet().stream().filter(s -> !placed.contains(s)).toList();
      List<String> figs = figures.keySet().stream().filter(s -> !placed.contains("plot:" + s))
          .toList();
      if (left.isEmpty() && figs.isEmpty()) {
        return;
      }
      section("more", "More tables and plots");
      for (String stem : left) {
        pair(List.of(stem), null);
      }
      for (String stem : figs) {
        pair(List.of(), stem);
      }
    }

    private void section(String id, String title) {
      toc.put(id, title);
      body.append("<h2 id=\"").append(id).append("\">").append(esc(title)).append("</h2>\n");
    }

    /** Tables (stacked) and a figure beside them; absent stems are skipped. */
    private void pair(List<String> tableStems, String figureStem) {
      List<String> present = tableStems.stream().filter(tables::containsKey).toList();
      Figure fig = figureStem == null ? null : figures.get(figureStem);
      if (present.isEmpty() && fig == null) {
        return;
      }
      body.append("<div class=\"pair\">\n");
      if (!present.isEmpty()) {
        body.append("<div class=\"tables\">\n");
        present.forEach(s -> body.append(table(s)));
        body.append("</div>\n");
      }
      if (fig != null) {
        placed.add("plot:" + figureStem);
        body.append("<figure id=\"plot-").append(esc(figureStem))
            .append("\"><img src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(fig.png())).append("\" alt=\"")
            .append(esc(fig.title())).append("\" width=\"").append(Plots.WIDTH)
            .append("\" height=\"").append(Plots.HEIGHT).append("\"><figcaption>Files: <a href=\""
                + "plots/").append(esc(figureStem)).append(".svg\">SVG</a> · <a href=\"plots/")
            .append(esc(figureStem)).append(".png\">PNG</a></figcaption></figure>\n");
      }
      body.append("</div>\n");
    }

    private String table(String stem) {
      placed.add(stem);
      Table t = tables.get(stem);
      String files = "<span class=\"files\"><a href=\"tables/" + esc(stem) + ".csv\">CSV</a> · "
          + "<a href=\"tables/" + esc(stem) + ".md\">Markdown</a></span>";
      return toHtml(t, "table-" + stem, files, higherIsBetter(stem), this::runLink);
    }

    /** A run id as a link to its folder, followed by a link to its spec.yaml. */
    private String runLink(String runId) {
      RunRecord run = results.runs().stream().filter(r -> r.runId().equals(runId)).findFirst()
          .orElse(null);
      if (run == null) {
        return esc(runId);
      }
      String href = relative(run.dir());
      return "<a href=\"" + esc(href) + "/\">" + esc(runId) + "</a><a class=\"spec\" href=\""
          + esc(href) + "/" + RunFiles.SPEC + "\">" + RunFiles.SPEC + "</a>";
    }

    private String relative(Path dir) {
      Path rel = reportDir.toAbsolutePath().normalize()
          .relativize(dir.toAbsolutePath().normalize());
      try {
        return new URI(null, null, rel.toString().replace('\\', '/'), null).getRawPath();
      } catch (URISyntaxException e) {
        return rel.toString();
      }
    }

    private long count(RunRecord.Status status) {
      return results.runs().stream().filter(r -> r.status() == status).count();
    }

    private String seedsText() {
      TreeSet<Integer> counts = new TreeSet<>();
      for (String v : results.variants()) {
        for (int b : results.bits()) {
          int n = results.finished(v, b).size();
          if (n > 0) {
            counts.add(n);
          }
        }
      }
      if (counts.isEmpty()) {
        return "0";
      }
      return counts.first().equals(counts.last())
          ? counts.first().toString() : counts.first() + "–" + counts.last();
    }
  }

  /**
   * Tables whose figures are better when larger: mAP (not the paired differences), P@N, p_r2,
   * the comparison.
   */
  static boolean higherIsBetter(String stem) {
    return stem.startsWith("map_") || stem.startsWith("p_at_n_") || stem.equals("p_r2")
        || stem.equals("comparison") || stem.equals("accuracy");
  }

  /** A Tablesaw table as an HTML {@code <table>} with its name as caption; text escaped. */
  public static String toHtml(Table table) {
    return toHtml(table, null, "", false, HtmlReport::esc);
  }

  /**
   * A Tablesaw table as HTML.
   *
   * @param id the table's id, or null
   * @param captionExtra HTML appended to the caption (file links)
   * @param markBest whether, in every column after the first, the cells with the largest leading
   *     number are marked {@code class="best"} (when the column has two or more numbers)
   * @param runLink HTML of a {@code run_id} cell from its text
   */
  static String toHtml(Table table, String id, String captionExtra, boolean markBest,
      Function<String, String> runLink) {
    StringBuilder h = new StringBuilder("<table").append(id == null ? "" : " id=\"" + esc(id)
        + "\"").append(">\n<caption>").append(esc(table.name())).append(captionExtra)
        .append("</caption>\n<tr>");
    table.columns().forEach(c -> h.append("<th>").append(esc(c.name())).append("</th>"));
    h.append("</tr>\n");
    double[] best = new double[table.columnCount()];
    for (int c = 0; c < table.columnCount(); c++) {
      best[c] = markBest && c > 0 ? best(table, c) : Double.NaN;
    }
    for (int r = 0; r < table.rowCount(); r++) {
      h.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        String text = Tables.text(table.column(c), r);
        List<String> classes = new ArrayList<>();
        if (Tables.numeric(table.column(c))) {
          classes.add("num");
        }
        if (!Double.isNaN(best[c]) && leading(text) == best[c]) {
          classes.add("best");
        }
        h.append(classes.isEmpty() ? "<td>" : "<td class=\"" + String.join(" ", classes) + "\">")
            .append(table.column(c).name().equals("run_id") ? runLink.apply(text) : esc(text))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    return h.append("</table>\n").toString();
  }

  /** The largest leading number of a column, NaN when fewer than two cells have one. */
  private static double best(Table table, int column) {
    double max = Double.NaN;
    int numbers = 0;
    for (int r = 0; r < table.rowCount(); r++) {
      double v = leading(Tables.text(table.column(column), r));
      if (!Double.isNaN(v)) {
        numbers++;
        max = Double.isNaN(max) ? v : Math.max(max, v);
      }
    }
    return numbers >= 2 ? max : Double.NaN;
  }

  /** The number a cell starts with ({@code 0.827} of {@code "0.827 ± 0.004"}), else NaN. */
  static double leading(String cell) {
    Matcher m = LEADING_NUMBER.matcher(cell);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
