package io.dpfah.weights;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dpfah.model.Backbone;
import io.dpfah.model.BackboneRegistry;
import io.dpfah.spec.ModelSpec;
import java.nio.file.Path;
import java.util.Locale;

/** Manual probe: time of reading, copying and hashing a weights file (args: backbone, file). */
public final class LoadTimingProbe {
  private LoadTimingProbe() {}

  public static void main(String[] args) {
    Path file = Path.of(args[1]);
    Backbone b = BackboneRegistry.create(new ModelSpec(args[0], "imagenet", "none", 1e-4, 16, 7,
        "auto"));
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      long t0 = System.nanoTime();
      long n = 0;
      try (WeightsFile w = WeightsFile.open(file)) {
        long t1 = System.nanoTime();
        for (String k : w.shapes().keySet()) {
          n += w.floats(k).length;
        }
        long t2 = System.nanoTime();
        PretrainedWeights.sha256(file);
        long t3 = System.nanoTime();
        PretrainedWeights.Report r = PretrainedWeights.load(b, file);
        System.out.printf(Locale.ROOT, "open %.2fs, decode %d values %.2fs, sha256 %.2fs,"
            + " full load %.2fs%n", (t1 - t0) / 1e9, n, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
            r.seconds());
      }
    }
  }
}
