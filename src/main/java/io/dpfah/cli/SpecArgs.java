package io.dpfah.cli;

import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The spec file and its {@code --set} overrides, shared by the commands that take a spec. */
public final class SpecArgs {
  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "Experiment spec (YAML).")
  Path spec;

  @Option(names = "--set", paramLabel = "path=value",
      description = "Override a spec field, e.g. --set model.attention=se (repeatable).")
  List<String> overrides = new ArrayList<>();

  /** Loads and validates the spec with the overrides applied. */
  ExperimentSpec load() {
    return SpecLoader.load(spec, overrides);
  }

  /** As {@link #load()}, accepting a sweep of up to {@code limit} runs. */
  ExperimentSpec load(SweepLimit limit) {
    return SpecLoader.load(spec, overrides, limit.maxRuns);
  }
}
