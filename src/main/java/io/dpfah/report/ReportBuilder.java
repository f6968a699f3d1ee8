package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.ResultsReader;
import io.dpfah.search.RetrievalGallery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Builds the whole report of an experiment under {@code <experiment>/report/}: {@code
 * tables/<stem>.csv|md} ({@link Tables#all}), {@code plots/<stem>.png|svg} ({@link Plots#all})
 * and a self-contained {@code index.html} ({@link HtmlReport}: the plots embedded; from a
 * results folder, with retrieval examples of the runs that kept their codes). Stale
 * CSV/Markdown/PNG/SVG files from an earlier build in those two folders are removed first.
 */
public final class ReportBuilder {

  private static final Set<String> OWNED = Set.of(".csv", ".md", ".png", ".svg");

  private ReportBuilder() {}

  /**
   * Reads {@code experimentDir} and writes its report to {@code experimentDir/report}, with
   * retrieval examples of {@link RetrievalGallery#DEFAULT_QUERIES} queries per run.
   *
   * @throws io.dpfah.results.ResultsReadException if the folder cannot be read
   * @throws UncheckedIOException if a report file cannot be written
   */
  public static ReportSummary build(Path experimentDir) {
    return build(experimentDir, RetrievalGallery.DEFAULT_QUERIES, RetrievalGallery.DEFAULT_SEED);
  }

  /**
   * As {@link #build(Path)}, with {@code galleryQueries} queries per run in the retrieval
   * examples (0: none), chosen with {@code gallerySeed}.
   */
  public static ReportSummary build(Path experimentDir, int galleryQueries, long gallerySeed) {
    return build(ResultsReader.read(experimentDir),
        experimentDir.resolve(ResultsReader.REPORT_DIR), galleryQueries, gallerySeed);
  }

  /** Writes the report of already-read results into {@code reportDir}, without galleries. */
  public static ReportSummary build(ExperimentResults results, Path reportDir) {
    return build(results, reportDir, 0, RetrievalGallery.DEFAULT_SEED);
  }

  /**
   * Writes the report of already-read results into {@code reportDir}, with retrieval examples
   * of {@code galleryQueries} queries per run (0: none) for the runs that kept their codes.
   */
  public static ReportSummary build(ExperimentResults results, Path reportDir,
      int galleryQueries, long gallerySeed) {
    Path tablesDir = reportDir.resolve("tables");
    Path plotsDir = reportDir.resolve("plots");
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(tablesDir);
      Files.createDirectories(plotsDir);
      clean(tablesDir);
      clean(plotsDir);
      Map<String, Table> tables = Tables.all(results);
      for (Map.Entry<String, Table> e : tables.entrySet()) {
        Path csv = tablesDir.resolve(e.getKey() + ".csv");
        Tables.writeCsv(e.getValue(), csv);
        Path md = tablesDir.resolve(e.getKey() + ".md");
        Files.writeString(md, "**" + e.getValue().name() + "**\n\n"
            + Tables.toMarkdown(e.getValue()), StandardCharsets.UTF_8);
        files.add(csv);
        files.add(md);
      }
      Map<String, Chart<?, ?>> charts = Plots.all(results);
      Map<String, HtmlReport.Figure> figures = new LinkedHashMap<>();
      for (Map.Entry<String, Chart<?, ?>> e : charts.entrySet()) {
        byte[] png = Plots.png(e.getValue());
        files.addAll(Plots.write(e.getValue(), png, plotsDir, e.getKey()));
        figures.put(e.getKey(), new HtmlReport.Figure(e.getValue().getTitle(), png));
      }
      List<String> plots = List.copyOf(charts.keySet());
      Path index = reportDir.resolve("index.html");
      String galleries = Galleries.section(results, galleryQueries, gallerySeed);
      Files.writeString(index, HtmlReport.render(results, tables, figures, galleries, reportDir),
          StandardCharsets.UTF_8);
      files.add(index);
      return new ReportSummary(reportDir, index, files, tables, plots, results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report under " + reportDir, e);
    }
  }

  private static void clean(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        if (Files.isRegularFile(p) && dot >= 0 && OWNED.contains(n.substring(dot))) {
          Files.delete(p);
        }
      }
    }
  }
}
