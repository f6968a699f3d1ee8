package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.RunRecord;
import io.dpfah.search.Gallery;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tech.tablesaw.api.Table;

/**
 * The self-contained {@code report/index.html}: experiment name and run counts, runs that did not
 * finish with their errors, read warnings, a note on tie-aware vs stable mAP, every table as an
 * HTML table (with links to its CSV and Markdown), every plot as a PNG (linked to its SVG) and,
 * when given, retrieval examples (query images with their nearest database images).
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

  private HtmlReport() {}

  /**
   * Renders the page.
   *
   * @param results the experiment
   * @param tables tables keyed by file stem (written as {@code tables/<stem>.csv|md})
   * @param plots plot file stems (written as {@code plots/<stem>.png|svg})
   */
  public static String render(
      ExperimentResults results, Map<String, Table> tables, List<String> plots) {
    return render(results, tables, plots, "");
  }

  /**
   * Renders the page with a retrieval-examples section at the end.
   *
   * @param galleries the section's HTML (see {@link io.dpfah.search.Gallery}), or ""
   */
  public static String render(ExperimentResults results, Map<String, Table> tables,
      List<String> plots, String galleries) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc(results.name())).append(" — dpfah report</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;}\n")
        .append("table{border-collapse:collapse;margin:0.5em 0 1.5em;}\n")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;}\n")
        .append("th{background:#f3f3f3;} td.num{text-align:right;}\n")
        .append("caption{text-align:left;font-weight:bold;padding:4px 0;}\n")
        .append(".note{background:#f6f8fa;border-left:4px solid #4E79A7;padding:0.5em 1em;}\n")
        .append(".error{color:#b00;} figure{display:inline-block;margin:0.5em;}\n")
        .append("img{max-width:100%;border:1px solid #eee;}\n")
        .append("details{margin:0.5em 0;} summary{cursor:pointer;font-weight:bold;}\n")
        .append(Gallery.CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(esc(results.name())).append("</h1>\n");
    long finished = results.finished().size();
    h.append("<p>").append(results.runs().size()).append(" runs: ").append(finished)
        .append(" finished, ").append(count(results, RunRecord.Status.FAILED)).append(" failed, ")
        .append(count(results, RunRecord.Status.UNFINISHED)).append(" unfinished, ")
        .append(count(results, RunRecord.Status.BROKEN)).append(" unreadable. ");
    List<String> datasets = results.finished().stream().map(r -> r.metrics().dataset())
        .filter(Objects::nonNull).distinct().toList();
    if (!datasets.isEmpty()) {
      h.append("Data: ").append(esc(String.join(", ", datasets))).append(". ");
    }
    h.append("Variants: ").append(esc(String.join(", ", results.variants())))
        .append(". Code lengths: ").append(results.bits()).append(". Seeds per cell: ")
        .append(seedsText(results)).append(". Means and sample standard deviations (n-1) are "
            + "over seeds of finished runs only.</p>\n");
    if (!results.notFinished().isEmpty()) {
      h.append("<h2>Runs that did not finish</h2>\n<table>\n<tr><th>run</th><th>status</th>"
          + "<th>error</th></tr>\n");
      for (RunRecord r : results.notFinished()) {
        h.append("<tr><td>").append(esc(r.runId())).append("</td><td>")
            .append(r.status().name().toLowerCase(Locale.ROOT))
            .append("</td><td class=\"error\">").append(esc(r.error())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    if (!results.warnings().isEmpty()) {
      h.append("<h2>Warnings</h2>\n<ul>\n");
      results.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append(TIE_NOTE);
    h.append("<h2>Tables</h2>\n");
    tables.forEach((stem, table) -> {
      h.append("<h3 id=\"table-").append(esc(stem)).append("\">").append(esc(table.name()))
          .append("</h3>\n<p><a href=\"tables/").append(esc(stem)).append(".csv\">CSV</a> · ")
          .append("<a href=\"tables/").append(esc(stem)).append(".md\">Markdown</a></p>\n");
      if (!stem.equals("summary")) {
        h.append(toHtml(table));
      }
    });
    h.append("<h2>Plots</h2>\n");
    for (String stem : plots) {
      h.append("<figure><a href=\"plots/").append(esc(stem)).append(".svg\"><img src=\"plots/")
          .append(esc(stem)).append(".png\" alt=\"").append(esc(stem)).append("\" width=\"")
          .append(Plots.WIDTH).append("\"></a><figcaption>").append(esc(stem))
          .append(" (<a href=\"plots/").append(esc(stem)).append(".svg\">SVG</a>)")
          .append("</figcaption></figure>\n");
    }
    h.append(galleries);
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** A Tablesaw table as an HTML {@code <table>} with its name as caption; text escaped. */
  public static String toHtml(Table table) {
    StringBuilder h = new StringBuilder("<table>\n<caption>").append(esc(table.name()))
        .append("</caption>\n<tr>");
    table.columns().forEach(c -> h.append("<th>").append(esc(c.name())).append("</th>"));
    h.append("</tr>\n");
    for (int r = 0; r < table.rowCount(); r++) {
      h.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        h.append(Tables.numeric(table.column(c)) ? "<td class=\"num\">" : "<td>")
            .append(esc(Tables.text(table.column(c), r))).append("</td>");
      }
      h.append("</tr>\n");
    }
    return h.append("</table>\n").toString();
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static long count(ExperimentResults results, RunRecord.Status status) {
    return results.runs().stream().filter(r -> r.status() == status).count();
  }

  private static String seedsText(ExperimentResults results) {
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
