package io.dpfah.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.dpfah.model.Backbone;
import io.dpfah.model.BackboneRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a torchvision / timm state dict into an initialised {@link Backbone}: every backbone
 * tensor (convs, BatchNorm affine parameters and running statistics, AlexNet/VGG Linear layers)
 * by its torchvision key; the ImageNet classifier ({@link Backbone#droppedKeys()}) is left out and
 * {@code num_batches_tracked} ignored; attention, hash and classification layers keep their own
 * initialisation. Strict: a missing, unexpected or wrongly shaped tensor is an error naming the
 * file, the key and both shapes, and nothing is written into the backbone.
 */
public final class PretrainedWeights {

  /** The keyword for torchvision's standard file in the hub cache. */
  public static final String TORCHVISION = "torchvision";

  /**
   * What a load did.
   *
   * @param file the weights file
   * @param sha256 its SHA-256, hex
   * @param loaded keys written into the backbone
   * @param dropped keys in the file left out on purpose (the ImageNet classifier)
   * @param ignored bookkeeping keys in the file (BatchNorm {@code num_batches_tracked})
   * @param seconds wall time of reading and copying
   */
  public record Report(Path file, String sha256, List<String> loaded, List<String> dropped,
      List<String> ignored, double seconds) {}

  private PretrainedWeights() {}

  /**
   * The file {@code model.pretrained} names: {@code torchvision} = the backbone's standard file
   * in {@code $TORCH_HOME/hub/checkpoints/} (default {@code ~/.cache/torch/hub/checkpoints/}),
   * anything else a path.
   */
  public static Path resolve(String pretrained, String backbone) {
    if (!TORCHVISION.equals(pretrained)) {
      return Path.of(pretrained);
    }
    String home = System.getenv("TORCH_HOME");
    Path torchHome = home == null || home.isBlank()
        ? Path.of(System.getProperty("user.home"), ".cache", "torch") : Path.of(home);
    return torchHome.resolve("hub").resolve("checkpoints")
        .resolve(BackboneRegistry.torchvisionFile(backbone));
  }

  /** Loads {@code file} into {@code backbone} (already initialised), strictly. */
  public static Report load(Backbone backbone, Path file) {
    long start = System.nanoTime();
    Map<String, Parameter> expected = backbone.torchParameters();
    try (WeightsFile w = WeightsFile.open(file)) {
      Map<String, long[]> found = stripPrefix(w.shapes(), expected.keySet());
      Set<String> dropped = new LinkedHashSet<>(backbone.droppedKeys());
      Set<String> ignored = new LinkedHashSet<>(backbone.ignoredKeys());
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, Parameter> e : expected.entrySet()) {
        long[] want = e.getValue().getArray().getShape().getShape();
        long[] got = found.get(e.getKey());
        if (got == null) {
          problems.add(e.getKey() + ": missing (expected shape " + WeightsFile.format(want) + ")");
        } else if (!Arrays.equals(want, got)) {
          problems.add(e.getKey() + ": expected shape " + WeightsFile.format(want) + ", found "
              + WeightsFile.format(got));
        }
      }
      List<String> droppedFound = new ArrayList<>();
      List<String> ignoredFound = new ArrayList<>();
      for (Map.Entry<String, long[]> e : found.entrySet()) {
        String k = e.getKey();
        if (dropped.contains(k)) {
          droppedFound.add(k);
        } else if (ignored.contains(k)) {
          ignoredFound.add(k);
        } else if (!expected.containsKey(k)) {
          problems.add(k + ": unexpected (shape " + WeightsFile.format(e.getValue()) + "; not a "
              + "tensor of dpfah's " + backbone.getClass().getSimpleName() + ")");
        }
      }
      if (!problems.isEmpty()) {
        throw new WeightsException(file + ": " + problems.size() + " tensor(s) do not fit the "
            + "backbone: " + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
            + (problems.size() > 5 ? "; …" : ""));
      }
      Map<String, String> fileKey = fileKeys(w.shapes().keySet(), found.keySet());
      for (Map.Entry<String, Parameter> e : expected.entrySet()) {
        NDArray a = e.getValue().getArray();
        a.set(w.floats(fileKey.get(e.getKey())));
      }
      String sha = sha256(file);
      return new Report(file, sha, List.copyOf(expected.keySet()), droppedFound, ignoredFound,
          (System.nanoTime() - start) / 1e9);
    }
  }

  /** Drops a {@code module.} (DataParallel) prefix when every key has it and none expected does. */
  private static Map<String, long[]> stripPrefix(Map<String, long[]> shapes, Set<String> expected) {
    String prefix = "module.";
    boolean all = !shapes.isEmpty() && shapes.keySet().stream().allMatch(k -> k.startsWith(prefix));
    if (!all || expected.stream().anyMatch(k -> k.startsWith(prefix))) {
      return shapes;
    }
    Map<String, long[]> out = new LinkedHashMap<>();
    shapes.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
    return out;
  }

  private static Map<String, String> fileKeys(Set<String> original, Set<String> stripped) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> o = new ArrayList<>(original);
    List<String> s = new ArrayList<>(stripped);
    for (int i = 0; i < s.size(); i++) {
      out.put(s.get(i), o.get(i));
    }
    return out;
  }

  /** SHA-256 of {@code file}, hex. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
