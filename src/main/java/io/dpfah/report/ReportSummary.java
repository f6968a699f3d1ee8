package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * What {@link ReportBuilder} wrote.
 *
 * @param reportDir the report folder ({@code <experiment>/report})
 * @param indexHtml {@code report/index.html}
 * @param files every file written (tables, plots, index.html)
 * @param tables the tables keyed by file stem ({@code map_tie_aware_all} is the headline)
 * @param plots plot file stems written as PNG and SVG under {@code report/plots/}
 * @param results the results the report was built from
 */
public record ReportSummary(
    Path reportDir,
    Path indexHtml,
    List<Path> files,
    Map<String, Table> tables,
    List<String> plots,
    ExperimentResults results) {

  /** Copies the collections. */
  public ReportSummary {
    files = List.copyOf(files);
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    plots = List.copyOf(plots);
  }

  /** The headline table (tie-aware mAP@all). */
  public Table headline() {
    return tables.get("map_tie_aware_all");
  }

  /** The headline table as Markdown, under its caption (which names the metric and n). */
  public String headlineMarkdown() {
    return "**" + headline().name() + "**\n\n" + Tables.toMarkdown(headline());
  }
}
