package io.dpfah.model;

import io.dpfah.spec.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Backbones by name, one line each as in torchvision: a ResNet is a block class + stage depths,
 * AlexNet / VGG16 their torchvision layouts. Each entry also names torchvision's standard weights
 * file (in {@code $TORCH_HOME/hub/checkpoints/}).
 */
public final class BackboneRegistry {

  /** A ResNet: Bottleneck (true) or BasicBlock (false) blocks, and the blocks per stage. */
  public record ResNetLayout(boolean bottleneck, int[] depths) {}

  /** A registered backbone: its builder, ResNet layout (null otherwise) and torchvision file. */
  private record Entry(Function<ModelSpec, Backbone> factory, ResNetLayout resnet, String file) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    resnet("resnet18", false, new int[] {2, 2, 2, 2}, "resnet18-f37072fd.pth");
    resnet("resnet34", false, new int[] {3, 4, 6, 3}, "resnet34-b627a593.pth");
    resnet("resnet50", true, new int[] {3, 4, 6, 3}, "resnet50-0676ba61.pth");
    resnet("resnet101", true, new int[] {3, 4, 23, 3}, "resnet101-63fe2227.pth");
    classic("alexnet", spec -> ClassicBackbone.alexnet(), "alexnet-owt-7be5be79.pth");
    classic("vgg16", spec -> ClassicBackbone.vgg16(), "vgg16-397923af.pth");
  }

  private BackboneRegistry() {}

  private static void resnet(String name, boolean bottleneck, int[] depths, String file) {
    ResNetLayout layout = new ResNetLayout(bottleneck, depths);
    ENTRIES.put(name, new Entry(spec -> new ResNetBackbone(spec, layout), layout, file));
  }

  private static void classic(String name, Function<ModelSpec, Backbone> factory, String file) {
    ENTRIES.put(name, new Entry(factory, null, file));
  }

  /** Registered names, in registration order. */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  /** Whether {@code name} is a ResNet (residual blocks that take attention modules). */
  public static boolean isResNet(String name) {
    Entry e = ENTRIES.get(name);
    return e != null && e.resnet() != null;
  }

  /** torchvision's standard weights file name for {@code name} (ImageNet-1k, V1 weights). */
  public static String torchvisionFile(String name) {
    return entry(name).file();
  }

  /** A new, uninitialised backbone for {@code spec}. */
  public static Backbone create(ModelSpec spec) {
    Entry e = entry(spec.backbone());
    if (e.resnet() == null && !"none".equals(spec.attention())) {
      throw new ModelException("model.attention: " + spec.backbone() + " has no residual blocks"
          + " to attach '" + spec.attention() + "' to; use none");
    }
    return e.factory().apply(spec);
  }

  static ResNetLayout resnet(String name) {
    Entry e = entry(name);
    if (e.resnet() == null) {
      throw new ModelException("model.backbone: '" + name + "' is not a ResNet");
    }
    return e.resnet();
  }

  private static Entry entry(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) {
      throw new ModelException(
          "model.backbone: expected one of " + names() + ", got '" + name + "'");
    }
    return e;
  }
}
