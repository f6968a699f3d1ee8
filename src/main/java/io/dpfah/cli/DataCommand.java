package io.dpfah.cli;

import io.dpfah.data.DataCheck;
import io.dpfah.data.PipelineBenchmark;
import io.dpfah.spec.ExperimentSpec;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dpfah data}: data-set checks and the input-pipeline benchmark. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Data-set tools.",
    subcommands = {DataCommand.Check.class, DataCommand.Bench.class})
public final class DataCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** {@code dpfah data check SPEC}. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Is the spec's data set present? Split sizes, label distribution, and "
          + "which files are missing and how to get them."})
  public static final class Check implements Callable<Integer> {
    @Mixin SpecArgs args;

    @Override
    public Integer call() {
      ExperimentSpec spec = args.load();
      return DataCheck.run(spec.data(), spec.seed(), System.out).present()
          ? ExitCodes.OK : ExitCodes.INPUT;
    }
  }

  /** {@code dpfah data bench SPEC}: images/s of the input pipeline alone. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = "Images/s of decoding + preprocessing + batching alone (no network).")
  public static final class Bench implements Callable<Integer> {
    @Mixin SpecArgs args;

    @Option(names = "--batches", description = "Batches to time (default: ${DEFAULT-VALUE}).")
    int batches = 200;

    @Override
    public Integer call() {
      ExperimentSpec spec = args.load();
      PipelineBenchmark.Result r = PipelineBenchmark.run(spec.data(), spec.seed(),
          spec.optim().batchSize(), batches);
      System.out.printf(Locale.ROOT, "%s%n", r);
      return 0;
    }
  }
}
