package io.dpfah.cli;

import io.dpfah.report.ReportBuilder;
import io.dpfah.report.ReportSummary;
import io.dpfah.results.ExperimentResults;
import io.dpfah.results.ResultsReadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah report results/<experiment>}: writes tables, plots and index.html under
 * {@code results/<experiment>/report/} (with retrieval examples of the runs that kept their
 * codes), prints the headline mAP table (Markdown) and the path of index.html. Exit 0 on success,
 * 2 when the results cannot be read or the report not written.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Build tables (CSV, Markdown), plots (PNG, SVG) and index.html for an "
        + "experiment's results folder.")
public final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "EXPERIMENT_DIR",
      description = "results/<experiment> folder holding one folder per run")
  private Path experimentDir;

  @Option(names = "--gallery-queries", defaultValue = "5", paramLabel = "N",
      description = "Retrieval examples: N queries per run with their 10 nearest database"
          + " images (runs that kept their .npy codes and whose data set is present);"
          + " 0 = none (default: ${DEFAULT-VALUE}).")
  private int galleryQueries;

  @Option(names = "--gallery-seed", defaultValue = "1",
      description = "Seed of the gallery's query choice (default: ${DEFAULT-VALUE}).")
  private long gallerySeed;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ReportSummary summary = ReportBuilder.build(experimentDir, galleryQueries, gallerySeed);
      ExperimentResults results = summary.results();
      out.printf("%s: %d runs, %d finished, %d not finished%n", results.name(),
          results.runs().size(), results.finished().size(), results.notFinished().size());
      results.notFinished().forEach(r -> out.printf("  %s %s: %s%n", r.status().name()
          .toLowerCase(Locale.ROOT), r.runId(), r.error()));
      out.println();
      if (results.finished().isEmpty()) {
        out.println("No finished runs: nothing to tabulate.");
      } else {
        out.print(summary.headlineMarkdown());
      }
      out.println();
      out.println("Report: " + summary.indexHtml().toAbsolutePath());
      out.flush();
      return 0;
    } catch (ResultsReadException e) {
      err.println("dpfah report: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
