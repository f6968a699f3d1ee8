package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.dpfah.method.HashActivation;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HashingNetworkTest {

  @ParameterizedTest
  @CsvSource({
    "imagenet, pfa, 32, true",
    "cifar, pfa, 32, false",
    "imagenet, none, 28, true",
    "imagenet, se, 24, false",
    "cifar, cbam, 24, true",
    "imagenet, spatial, 24, true",
  })
  void forwardShapes(String stem, String attention, int size, boolean classifier) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      HashingNetwork net =
          ModelFactory.build(
              Specs.spec("resnet18", stem, attention, "auto"),
              new HashSpec(12),
              new ClassifierSpec(classifier),
              10);
      Shape input = new Shape(2, 3, size, size);
      net.initialize(m, DataType.FLOAT32, input);
      assertEquals(classifier, net.hasClassifier());
      for (boolean training : new boolean[] {true, false}) {
        NDList out =
            net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)), training);
        assertEquals(classifier ? 2 : 1, out.size());
        assertEquals(new Shape(2, 12), out.get(0).getShape());
        float[] u = out.get(0).toFloatArray();
        for (float v : u) {
          assertTrue(v >= -1f && v <= 1f, "u outside [-1, 1] (tanh): " + v);
        }
        if (classifier) {
          assertEquals(new Shape(2, 10), out.get(1).getShape());
        }
      }
    }
  }

  @Test
  void backboneOutputsPooled512Features() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      ResNetBackbone backbone = new ResNetBackbone(Specs.spec("resnet34", "cifar", "pfa", "auto"));
      Shape input = new Shape(2, 3, 24, 24);
      backbone.initialize(m, DataType.FLOAT32, input);
      NDArray f =
          backbone
              .forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)), false)
              .singletonOrThrow();
      assertEquals(new Shape(2, 512), f.getShape());
      assertEquals(16, backbone.channels().size());
    }
  }

  @ParameterizedTest
  @CsvSource({"se, conv2", "cbam, output", "spatial, bn2"})
  void everyPlacementRuns(String attention, String placement) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      HashingNetwork net =
          ModelFactory.build(
              Specs.spec("resnet18", "imagenet", attention, placement),
              new HashSpec(8),
              new ClassifierSpec(false),
              0);
      Shape input = new Shape(2, 3, 16, 16);
      net.initialize(m, DataType.FLOAT32, input);
      NDList out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)), true);
      assertEquals(new Shape(2, 8), out.singletonOrThrow().getShape());
    }
  }

  @Test
  void placementChangesTheFunction() {
    // Same weights (same seed), PFA at conv2 vs output: outputs must differ.
    float[][] codes = new float[2][];
    String[] placements = {"conv2", "output"};
    for (int i = 0; i < 2; i++) {
      Engine.getEngine("PyTorch").setRandomSeed(7);
      try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
        HashingNetwork net =
            ModelFactory.build(
                Specs.spec("resnet18", "cifar", "pfa", placements[i]),
                new HashSpec(8),
                new ClassifierSpec(false),
                0);
        Shape input = new Shape(2, 3, 8, 8);
        net.initialize(m, DataType.FLOAT32, input);
        NDArray x = m.arange(2 * 3 * 8 * 8).toType(DataType.FLOAT32, false).div(384).reshape(input);
        codes[i] = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
      }
    }
    assertEquals(16, codes[0].length);
    assertFalse(java.util.Arrays.equals(codes[0], codes[1]));
  }

  @Test
  void straightThroughSignIsTheSignWithIdentityGradient() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray u = m.create(new float[] {-0.3f, 0.7f, 2.5f, -1e-3f}, new Shape(2, 2));
      u.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray b = HashingNetwork.straightThroughSign(u);
        assertArrayEquals(new float[] {-1, 1, 1, -1}, b.toFloatArray());
        gc.backward(b.mul(m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))).sum());
      }
      assertArrayEquals(new float[] {1, 2, 3, 4}, u.getGradient().toFloatArray());
    }
  }

  @Test
  void greedyHashHeadAndOrthoHashHead() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Shape input = new Shape(4, 3, 16, 16);
      HashingNetwork signs = ModelFactory.build(Specs.spec("resnet18", "cifar", "none", "auto"),
          new HashSpec(8), new ClassifierSpec(true, "signs"), 5, HashActivation.NONE);
      signs.initialize(m, DataType.FLOAT32, input);
      assertEquals(1, signs.classifier().getParameters().size(), "no bias: " + signs
          .classifier().getParameters().keys());
      assertEquals(8 * 5, ParameterCount.of(signs).classifier());
      NDList out = signs.forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)),
          true);
      NDArray w = signs.classifier().getParameters().get("weight").getArray();
      NDArray expected = out.get(0).sign().matMul(w.transpose());
      assertArrayEquals(expected.toFloatArray(), out.get(1).toFloatArray(), 1e-5f);

      HashingNetwork norm = ModelFactory.build(Specs.spec("resnet18", "cifar", "none", "auto"),
          new HashSpec(8), new ClassifierSpec(false), 0, HashActivation.BATCH_NORM);
      norm.initialize(m, DataType.FLOAT32, input);
      assertEquals(8 * 512 + 8 + 2 * 8, ParameterCount.of(norm).hash(), "Linear + BN γ, β");
      NDArray u = norm.forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)),
          true).singletonOrThrow();
      float[] mean = u.mean(new int[] {0}).toFloatArray();
      for (float v : mean) {
        assertEquals(0f, v, 1e-5f, "batch-normalised in training");
      }
    }
  }

  @Test
  void badSpecsNameTheField() {
    assertEquals(
        "model.backbone: expected one of [resnet18, resnet34, resnet50, resnet101, alexnet, vgg16],"
            + " got 'resnet152'",
        assertThrows(
                ModelException.class,
                () -> new ResNetBackbone(Specs.spec("resnet152", "imagenet", "pfa", "auto")))
            .getMessage());
    assertEquals(
        "model.stem: expected imagenet or cifar, got 'tiny'",
        assertThrows(
                ModelException.class,
                () -> new ResNetBackbone(Specs.spec("resnet18", "tiny", "pfa", "auto")))
            .getMessage());
    assertEquals(
        "model.placement: expected auto or one of [conv2, bn2, output], got 'bn1'",
        assertThrows(
                ModelException.class,
                () -> new ResNetBackbone(Specs.spec("resnet18", "cifar", "pfa", "bn1")))
            .getMessage());
    assertEquals(
        "model.attention: expected one of [none, pfa, se, cbam, spatial], got 'eca'",
        assertThrows(ModelException.class, () -> AttentionRegistry.create(Specs.spec("eca"), 64))
            .getMessage());
    assertThrows(
        ModelException.class,
        () -> ModelFactory.build(Specs.spec("pfa"), new HashSpec(0), new ClassifierSpec(false), 10));
    assertThrows(
        ModelException.class,
        () -> ModelFactory.build(Specs.spec("pfa"), new HashSpec(16), new ClassifierSpec(true), 0));
  }

  @Test
  void autoPlacementFollowsTheVariant() {
    assertEquals(Placement.CONV2, Placement.resolve("auto", "pfa"));
    assertEquals(Placement.BN2, Placement.resolve("auto", "se"));
    assertEquals(Placement.BN2, Placement.resolve("auto", "cbam"));
    assertEquals(Placement.OUTPUT, Placement.resolve("OUTPUT", "pfa"));
  }
}
