package io.dpfah.report;

import io.dpfah.results.ExperimentResults;
import io.dpfah.results.FileClaim;
import io.dpfah.results.ResultsReader;
import io.dpfah.search.RetrievalGallery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Builds the whole report of an experiment under {@code <experiment>/report/}: {@code
 * tables/<stem>.csv|md} ({@link Tables#all}), {@code plots/<stem>.png|svg} ({@link Plots#all})
 * and a self-contained {@code index.html} ({@link HtmlReport}: the plots embedded; from a
 * results folder, with retrieval examples of the runs that kept their codes). The report is
 * built in a hidden folder and swapped in whole, so concurrent builders (the shards of a sweep,
 * say) never leave a half-written or mixed report; stale CSV/Markdown/PNG/SVG files of an
 * earlier build do not survive a rebuild.
 */
public final class ReportBuilder {

  private static final Set<String> OWNED = Set.of(".csv", ".md", ".png", ".svg");
  private static final String INDEX = "index.html";
  private static final String TABLES = "tables";
  private static final String PLOTS = "plots";
  private static final Duration SWAP_PATIENCE = Duration.ofMinutes(2);

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
   *
   * <p>The report is written into a hidden folder beside {@code reportDir} and swapped in only
   * when complete, under a lock ({@code .locks/<name>.lock} beside it), so several processes
   * building the same report never see or leave a half-written one: the old report stays
   * whole until a rename replaces it. Files of the old report that the builder does not own
   * (anything but index.html and the CSV/Markdown/PNG/SVG files of tables/ and plots/) are
   * carried over.
   */
  public static ReportSummary build(ExperimentResults results, Path reportDir,
      int galleryQueries, long gallerySeed) {
    Path parent = reportDir.toAbsolutePath().getParent();
    String name = reportDir.getFileName().toString();
    Path staging;
    try {
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + name + "-new-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report under " + reportDir, e);
    }
    try {
      Written w = write(results, staging, reportDir, galleryQueries, gallerySeed);
      try (FileClaim claim = FileClaim.acquire(parent.resolve(".locks").resolve(name + ".lock"),
          SWAP_PATIENCE)) {
        carryOver(reportDir, staging);
        swapIn(staging, reportDir);
      }
      List<Path> files = w.files().stream().map(f -> reportDir.resolve(staging.relativize(f)))
          .toList();
      return new ReportSummary(reportDir, reportDir.resolve(INDEX), files, w.tables(), w.plots(),
          results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report under " + reportDir, e);
    } finally {
      deleteQuietly(staging);
    }
  }

  /** The files written into a (staging) folder, with the tables and plot stems. */
  private record Written(List<Path> files, Map<String, Table> tables, List<String> plots) {}

  /** Writes the report into {@code dir}; its links are relative to {@code reportDir}. */
  private static Written write(ExperimentResults results, Path dir, Path reportDir,
      int galleryQueries, long gallerySeed) throws IOException {
    Path tablesDir = Files.createDirectories(dir.resolve(TABLES));
    Path plotsDir = Files.createDirectories(dir.resolve(PLOTS));
    List<Path> files = new ArrayList<>();
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
    Path index = dir.resolve(INDEX);
    String galleries = Galleries.section(results, galleryQueries, gallerySeed);
    Files.writeString(index, HtmlReport.render(results, tables, figures, galleries, reportDir),
        StandardCharsets.UTF_8);
    files.add(index);
    return new Written(files, tables, plots);
  }

  /** Copies the old report's files that a build does not write into the new one. */
  private static void carryOver(Path old, Path staging) throws IOException {
    if (!Files.isDirectory(old)) {
      return;
    }
    try (Stream<Path> s = Files.walk(old)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Path rel = old.relativize(f);
        Path target = staging.resolve(rel.toString());
        if (!owned(rel) && !Files.exists(target)) {
          Files.createDirectories(target.getParent());
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** index.html, and the CSV/Markdown/PNG/SVG files directly in tables/ and plots/. */
  private static boolean owned(Path rel) {
    if (rel.getNameCount() == 1) {
      return rel.toString().equals(INDEX);
    }
    String n = rel.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return rel.getNameCount() == 2 && Set.of(TABLES, PLOTS).contains(rel.getName(0).toString())
        && dot >= 0 && OWNED.contains(n.substring(dot));
  }

  /** Replaces {@code target} by {@code staging}: two renames, the old report removed after. */
  private static void swapIn(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      old = target.resolveSibling("." + target.getFileName() + "-old-"
          + ProcessHandle.current().pid() + "-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (old != null) {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      }
      throw e;
    }
    if (old != null) {
      deleteQuietly(old);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        PathUtils.deleteDirectory(dir);
      }
    } catch (IOException ignored) {
      // a hidden leftover; the report itself is complete
    }
  }
}
