package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dpfah.spec.ModelSpec;
import io.dpfah.spec.SpecEnums;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Registry backbones: torchvision's parameter counts (without the classifier) and widths. */
class BackboneRegistryTest {

  /** torchvision 0.14's trainable parameters without fc / classifier.6. */
  @ParameterizedTest
  @CsvSource({"resnet18, 11176512, 512", "resnet34, 21284672, 512", "resnet50, 23508032, 2048",
      "resnet101, 42500160, 2048", "alexnet, 57003840, 4096", "vgg16, 134260544, 4096"})
  void parameterCountsEqualTorchvision(String name, long params, int width) {
    Backbone b = BackboneRegistry.create(new ModelSpec(name, "imagenet", "none", 1e-4, 16, 7,
        "auto"));
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      assertEquals(params, ParameterCount.of(b).total());
      assertEquals(width, b.features());
      assertTrue(b.torchParameters().keySet().stream().noneMatch(k -> k.startsWith("fc.")));
    }
  }

  /** Spec validation caps ITQ's bits by these widths without building a backbone. */
  @Test
  void specFeatureWidthsAreTheBackbones() {
    assertEquals(SpecEnums.BACKBONES.stream().sorted().toList(),
        SpecEnums.FEATURE_WIDTHS.keySet().stream().sorted().toList());
    for (String name : BackboneRegistry.names()) {
      Backbone b = BackboneRegistry.create(new ModelSpec(name, "imagenet", "none", 1e-4, 16, 7,
          "auto"));
      assertEquals(b.features(), SpecEnums.FEATURE_WIDTHS.get(name), name);
    }
  }

  @Test
  void bottleneckAttentionChannelsFollowPlacement() {
    ModelSpec pfa = new ModelSpec("resnet50", "imagenet", "pfa", 1e-4, 16, 7, "auto");
    List<Integer> simam = BackboneRegistry.create(pfa).channels();
    assertEquals(16, simam.size());
    assertEquals(64, simam.get(0));
    assertEquals(512, simam.get(15));
    List<Integer> se = BackboneRegistry.create(pfa.withAttention("se")).channels();
    assertEquals(256, se.get(0));
    assertEquals(2048, se.get(15));
  }

  @Test
  void classicBackbonesRefuseAttention() {
    ModelException e = assertThrows(ModelException.class, () -> BackboneRegistry.create(
        new ModelSpec("vgg16", "imagenet", "pfa", 1e-4, 16, 7, "auto")));
    assertTrue(e.getMessage().contains("use none"), e.getMessage());
  }
}
