package io.dpfah.cli;

import io.dpfah.model.Devices;
import io.dpfah.model.ModelException;
import io.dpfah.spec.SweepRun;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks, before any run starts, that the devices the runs ask for are there, so that a
 * missing GPU is one input error (exit 2) naming the spec, not a failed run per sweep entry.
 */
final class DevicePreflight {
  private DevicePreflight() {}

  /**
   * Resolves every distinct {@code device} of the runs.
   *
   * @throws ModelException naming the spec file when one is not available
   */
  static void check(Path specFile, List<SweepRun> runs) {
    Set<String> devices = new LinkedHashSet<>();
    runs.forEach(r -> devices.add(r.spec().device()));
    for (String d : devices) {
      try {
        Devices.select(d);
      } catch (ModelException e) {
        throw new ModelException(specFile + ": " + e.getMessage());
      }
    }
  }
}
