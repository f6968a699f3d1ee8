package io.dpfah.cli;

import io.dpfah.bench.BenchInputException;
import io.dpfah.bench.BenchLine;
import io.dpfah.bench.SideBySide;
import io.dpfah.report.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah bench-table}: the side-by-side table from the {@code bench ...} lines of
 * benchmark logs (lines that do not start with {@code bench } are skipped).
 */
@Command(
    name = "bench-table",
    mixinStandardHelpOptions = true,
    description = {
        "Side-by-side table of 'bench ...' measurement lines (bench/side-by-side.sh): per cell"
            + " the median images/s over rounds with the range, for PyTorch and dpfah, the ratio"
            + " dpfah/PyTorch (> 1: dpfah faster), the largest deviation of a round from the"
            + " median (±) and the median user/system CPU seconds per step."})
public final class BenchTableCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "Files holding bench lines.")
  List<Path> logs;

  @Option(names = "--csv", paramLabel = "DIR",
      description = "Also write DIR/summary.csv (one row per cell) and DIR/measurements.csv"
          + " (every line).")
  Path csv;

  @Override
  public Integer call() {
    List<BenchLine> lines = new ArrayList<>();
    for (Path log : logs) {
      if (!Files.isRegularFile(log)) {
        throw new BenchInputException(log + ": no such file");
      }
      lines.addAll(BenchLine.read(log));
    }
    if (lines.isEmpty()) {
      throw new BenchInputException(String.join(", ", logs.stream().map(Path::toString).toList())
          + ": no 'bench ...' measurement lines");
    }
    List<SideBySide.Row> rows = SideBySide.rows(lines);
    spec.commandLine().getOut().print(SideBySide.render(rows));
    spec.commandLine().getOut().flush();
    if (csv != null) {
      try {
        Files.createDirectories(csv);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + csv, e);
      }
      Tables.writeCsv(SideBySide.summary(rows), csv.resolve("summary.csv"));
      Tables.writeCsv(SideBySide.measurements(lines), csv.resolve("measurements.csv"));
    }
    return 0;
  }
}
