package io.dpfah.cli;

import io.dpfah.data.DatasetRegistry;
import io.dpfah.method.MethodRegistry;
import io.dpfah.model.ParameterTable;
import io.dpfah.spec.ExperimentSpec;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dpfah params}: trainable-parameter counts of the spec's model and every attention variant. */
@Command(name = "params", mixinStandardHelpOptions = true,
    description = {"Trainable parameters of the spec's model and of the same model with each "
        + "attention variant (BatchNorm running statistics are not parameters)."})
public final class ParamsCommand implements Callable<Integer> {
  @Mixin SpecArgs args;

  @Option(names = "--classes", paramLabel = "C",
      description = "Number of classes when the data set is not on this machine (default: read "
          + "from the data set, else 10).")
  Integer classes;

  @Override
  public Integer call() {
    ExperimentSpec spec = args.load();
    int c = classes != null ? classes : numClasses(spec);
    List<ParameterTable.Row> rows = ParameterTable.forSpec(spec.model(), spec.hash(),
        spec.classifier(), c, spec.data().imageSize(),
        MethodRegistry.get(spec.method().name()).activation());
    System.out.printf(Locale.ROOT, "%s %s stem, %d bits, %d classes%s, placement %s%n",
        spec.model().backbone(), spec.model().stem(), spec.hash().bits(), c,
        spec.classifier().enabled() ? "" : " (no classifier)", spec.model().placement());
    String fmt = "%-12s %-9s %12s %12s %10s %10s %10s %12s%n";
    System.out.printf(Locale.ROOT, fmt, "variant", "placement", "total", "backbone", "attention",
        "hash", "classifier", "Δ vs none");
    for (ParameterTable.Row r : rows) {
      System.out.printf(Locale.ROOT, fmt, r.variant() + (r.fromSpec() ? " *" : ""), r.placement(),
          group(r.total()), group(r.counts().backbone()), group(r.counts().attention()),
          group(r.counts().hash()), group(r.counts().classifier()),
          (r.deltaVsNone() >= 0 ? "+" : "") + group(r.deltaVsNone()));
    }
    System.out.println("* the spec's model; backbone excludes attention; attention counts match "
        + "their formulas (SE: 2·C·C/r + C/r + C per block).");
    return 0;
  }

  private static int numClasses(ExperimentSpec spec) {
    if (spec.data().synthetic() != null) {
      return spec.data().synthetic().classes();
    }
    try {
      return DatasetRegistry.open(spec.data()).labels().numClasses();
    } catch (RuntimeException e) {
      System.err.println("note: data set not readable here (" + e.getMessage()
          + "); counting with 10 classes, use --classes to change");
      return 10;
    }
  }

  private static String group(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}
