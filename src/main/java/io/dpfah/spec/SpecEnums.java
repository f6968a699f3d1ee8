package io.dpfah.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The allowed values of every enumerated spec field, in one place, so that the data and model
 * registries can be checked against them (a registry name missing here can never be selected).
 */
public final class SpecEnums {
  /** {@code device}: {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
  public static final Pattern DEVICE = Pattern.compile("auto|cpu|gpu(:\\d{1,4})?");

  /** {@code data.dataset}. */
  public static final List<String> DATASETS =
      List.of("fashion-mnist", "synthetic", "cifar10", "image-folder", "image-list");

  /** {@code data.protocol}. */
  public static final List<String> PROTOCOLS =
      List.of("fmnist-hash", "synthetic", "cifar10", "cifar10-1", "cifar10-2", "lists");

  /** Protocols that draw a fixed number of queries and training images per class. */
  public static final List<String> PER_CLASS_PROTOCOLS =
      List.of("fmnist-hash", "cifar10", "cifar10-1");

  /**
   * Protocols each data set accepts, in data-set order; the first one is the default. The
   * image-folder data set is drawn per class on its pooled splits like CIFAR-10.
   */
  public static final Map<String, List<String>> PROTOCOLS_BY_DATASET = protocolsByDataset();

  /** {@code data.normalization}. */
  public static final List<String> NORMALIZATIONS = List.of("none", "imagenet", "dataset");

  /** {@code model.backbone}. */
  public static final List<String> BACKBONES = List.of("resnet18", "resnet34", "resnet50",
      "resnet101", "alexnet", "vgg16");

  /**
   * Width of each backbone's pooled features (a test checks them against the model registry's
   * backbones).
   */
  public static final Map<String, Integer> FEATURE_WIDTHS = Map.of("resnet18", 512, "resnet34",
      512, "resnet50", 2048, "resnet101", 2048, "alexnet", 4096, "vgg16", 4096);

  /** {@code model.freeze} stages of a ResNet. */
  public static final List<String> RESNET_STAGES =
      List.of("stem", "layer1", "layer2", "layer3", "layer4");

  /** {@code model.freeze} stages of AlexNet / VGG16. */
  public static final List<String> CLASSIC_STAGES = List.of("features", "classifier");

  /** {@code model.stem}. */
  public static final List<String> STEMS = List.of("imagenet", "cifar");

  /** {@code model.attention}. */
  public static final List<String> ATTENTIONS = List.of("none", "pfa", "se", "cbam", "spatial");

  /** {@code model.placement}. */
  public static final List<String> PLACEMENTS = List.of("auto", "conv2", "bn2", "output");

  /** {@code classifier.input}. */
  public static final List<String> CLASSIFIER_INPUTS = List.of("codes", "features", "signs");

  /** {@code optim.optimizer}. */
  public static final List<String> OPTIMIZERS = List.of("sgd", "adam", "rmsprop");

  /** {@code eval.select}. */
  public static final List<String> SELECTIONS = List.of("last", "best");

  /** {@code optim.schedule}. */
  public static final List<String> SCHEDULES = List.of("none", "step", "cosine");

  /** {@code sweep.mode}. */
  public static final List<String> SWEEP_MODES = List.of("grid", "list");

  private SpecEnums() {}

  /** The default protocol of a data set (one of {@link #DATASETS}). */
  public static String defaultProtocol(String dataset) {
    List<String> protocols = PROTOCOLS_BY_DATASET.get(dataset);
    if (protocols == null) {
      throw new IllegalArgumentException("unknown data set '" + dataset + "'");
    }
    return protocols.get(0);
  }

  private static Map<String, List<String>> protocolsByDataset() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("fashion-mnist", List.of("fmnist-hash"));
    m.put("synthetic", List.of("synthetic"));
    m.put("cifar10", List.of("cifar10", "cifar10-1", "cifar10-2"));
    m.put("image-folder", List.of("cifar10", "cifar10-1", "cifar10-2"));
    m.put("image-list", List.of("lists"));
    return java.util.Collections.unmodifiableMap(m);
  }
}
