package io.dpfah.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dpfah.eval.EvalInputException;
import io.dpfah.eval.Npy;
import io.dpfah.eval.NpyArray;
import io.dpfah.model.Backbone;
import io.dpfah.model.BackboneRegistry;
import io.dpfah.spec.ModelSpec;
import io.dpfah.weights.PretrainedWeights;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dpfah backbone}: load a weights file into a backbone, list it, extract features. */
@Command(name = "backbone", mixinStandardHelpOptions = true,
    description = {"Load a .pth / .safetensors state dict into a backbone (strictly), list what "
        + "was loaded and left out, and with --input write the pooled eval-mode features."})
public final class BackboneCommand implements Callable<Integer> {

  @Option(names = "--backbone", required = true, paramLabel = "B",
      completionCandidates = BackboneNames.class, description = "One of ${COMPLETION-CANDIDATES}.")
  String backbone;

  @Option(names = "--weights", required = true, paramLabel = "FILE",
      description = "A .pth / .safetensors file, or 'torchvision' for the standard file in "
          + "$TORCH_HOME/hub/checkpoints/.")
  String weights;

  @Option(names = "--input", paramLabel = "x.npy",
      description = "float32 N×3×H×W images (already normalised).")
  Path input;

  @Option(names = "--out", paramLabel = "features.npy",
      description = "Where to write the N×F features (default: features.npy next to --input).")
  Path out;

  @Override
  public Integer call() {
    Backbone b = BackboneRegistry.create(
        new ModelSpec(backbone, "imagenet", "none", 1e-4, 16, 7, "auto"));
    NpyArray x = input == null ? null : Npy.read(input);
    if (x != null && (x.ndim() != 4 || x.dim(1) != 3 || !x.dtype().equals("float32"))) {
      throw new EvalInputException(input + ": expected float32 N×3×H×W images, got " + x.dtype()
          + " " + java.util.Arrays.toString(x.shape()));
    }
    Shape shape = x == null ? new Shape(1, 3, 224, 224)
        : new Shape(x.dim(0), 3, x.dim(2), x.dim(3));
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      b.initialize(m, DataType.FLOAT32, shape);
      Path file = PretrainedWeights.resolve(weights, backbone);
      PretrainedWeights.Report r = PretrainedWeights.load(b, file);
      System.out.printf(Locale.ROOT, "%s: %s (sha256 %s), %.1f s%n", backbone, file, r.sha256(),
          r.seconds());
      System.out.printf(Locale.ROOT, "loaded %d tensors (%s … %s); missing: none%n",
          r.loaded().size(), r.loaded().get(0), r.loaded().get(r.loaded().size() - 1));
      System.out.println("left out: " + (r.dropped().isEmpty() ? "none" : String.join(", ",
          r.dropped())) + " (ImageNet classifier); ignored: " + r.ignored().size()
          + " num_batches_tracked; attention/hash/classifier layers are not in the file");
      if (x != null) {
        float[] v = new float[x.length()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) x.getDouble(i);
        }
        NDArray in = m.create(v, shape);
        float[] f = b.forward(new ParameterStore(m, false), new NDList(in), false)
            .singletonOrThrow().toFloatArray();
        Path target = out != null ? out : input.resolveSibling("features.npy");
        Npy.writeFloat32(target, f, x.dim(0), b.features());
        System.out.printf(Locale.ROOT, "features: %d × %d → %s%n", x.dim(0), b.features(), target);
      }
    }
    return 0;
  }
}
