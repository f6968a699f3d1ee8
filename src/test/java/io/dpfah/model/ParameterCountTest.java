package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dpfah.method.HashActivation;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import io.dpfah.spec.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterCountTest {

  private static final int[] RESNET18_CHANNELS = {64, 64, 128, 128, 256, 256, 512, 512};
  private static final long RESNET18 = 11_176_512L;
  private static final long RESNET34 = 21_284_672L;

  private static ParameterCount countBackbone(ModelSpec spec) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      ResNetBackbone backbone = new ResNetBackbone(spec);
      backbone.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      return ParameterCount.of(backbone);
    }
  }

  /** SE / CBAM channel MLP: C·h + h + h·C + C with h = max(1, C / r). */
  private static long seFormula(int c, int r) {
    long h = Math.max(1, c / r);
    return c * h + h + h * c + c;
  }

  @Test
  void resnet18WithoutFcMatchesTorchvision() {
    ParameterCount count = countBackbone(Specs.spec("none"));
    assertEquals(RESNET18, count.backbone());
    assertEquals(0, count.attention());
    assertEquals(RESNET18, count.total());
  }

  @Test
  void resnet34WithoutFcMatchesTorchvision() {
    ParameterCount count = countBackbone(Specs.spec("resnet34", "imagenet", "none", "auto"));
    assertEquals(RESNET34, count.total());
  }

  @Test
  void cifarStemOnlyChangesConv1() {
    // conv1 3·64·9 instead of 3·64·49
    long expected = RESNET18 - 3 * 64 * 49 + 3 * 64 * 9;
    assertEquals(11_168_832L, expected);
    assertEquals(expected, countBackbone(Specs.spec("resnet18", "cifar", "none", "auto")).total());
  }

  @Test
  void pfaAddsNothing() {
    ParameterCount count = countBackbone(Specs.spec("pfa"));
    assertEquals(RESNET18, count.total());
    assertEquals(0, count.attention());
  }

  @Test
  void seAddsItsFormulaInEveryBlock() {
    long expected = 0;
    for (int c : RESNET18_CHANNELS) {
      expected += seFormula(c, 16);
    }
    assertEquals(89_080L, expected); // 2·(580 + 2184 + 8464 + 33312)
    ParameterCount count = countBackbone(Specs.spec("se"));
    assertEquals(expected, count.attention());
    assertEquals(RESNET18, count.backbone());
    assertEquals(RESNET18 + expected, count.total());
  }

  @Test
  void seHiddenWidthHasAFloorOfOne() {
    // r = 128: h = max(1, C/128) = 1, 1, 2, 4 for C = 64, 128, 256, 512.
    ModelSpec spec = new ModelSpec("resnet18", "imagenet", "se", 1e-4, 128, 7, "auto");
    long expected = 0;
    for (int c : RESNET18_CHANNELS) {
      expected += seFormula(c, 128);
    }
    assertEquals(12_944L, expected);
    assertEquals(expected, countBackbone(spec).attention());
  }

  @Test
  void spatialAndCbamAddTheirFormulas() {
    // spatial gate: conv 2→1 k×k without bias + BN(1) gamma/beta = 2·k² + 2 = 100 for k = 7.
    long spatial = 8 * (2 * 7 * 7 + 2);
    assertEquals(spatial, countBackbone(Specs.spec("spatial")).attention());
    long cbam = spatial;
    for (int c : RESNET18_CHANNELS) {
      cbam += seFormula(c, 16);
    }
    ParameterCount count = countBackbone(Specs.spec("cbam"));
    assertEquals(cbam, count.attention());
    assertEquals(RESNET18 + cbam, count.total());
  }

  @Test
  void resnet34SeSumsOverItsSixteenBlocks() {
    int[] channels = {64, 64, 64, 128, 128, 128, 128, 256, 256, 256, 256, 256, 256, 512, 512, 512};
    long expected = 0;
    for (int c : channels) {
      expected += seFormula(c, 16);
    }
    ParameterCount count = countBackbone(Specs.spec("resnet34", "cifar", "se", "output"));
    assertEquals(expected, count.attention());
    assertEquals(RESNET34 - 3 * 64 * 49 + 3 * 64 * 9 + expected, count.total());
  }

  @Test
  void hashAndClassifierAreCountedSeparately() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      HashingNetwork net =
          ModelFactory.build(Specs.spec("pfa"), new HashSpec(48), new ClassifierSpec(true), 10);
      net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      assertEquals(new ParameterCount(RESNET18, 0, 512 * 48 + 48, 48 * 10 + 10), ParameterCount.of(net));
      HashingNetwork onFeatures =
          ModelFactory.build(
              Specs.spec("none"), new HashSpec(16), new ClassifierSpec(true), 21, ClassifierInput.FEATURES);
      onFeatures.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      assertEquals(512 * 21 + 21, ParameterCount.of(onFeatures).classifier());
    }
  }

  @Test
  void tableListsTheSpecThenEveryVariant() {
    List<ParameterTable.Row> rows =
        ParameterTable.forSpec(Specs.spec("pfa"), new HashSpec(64), new ClassifierSpec(false), 10, 32,
            HashActivation.TANH);
    assertEquals(1 + AttentionRegistry.names().size(), rows.size());
    ParameterTable.Row spec = rows.get(0);
    assertEquals("pfa", spec.variant());
    assertEquals(true, spec.fromSpec());
    assertEquals("conv2", spec.placement());
    assertEquals(RESNET18 + 512 * 64 + 64, spec.total());
    assertEquals(0, spec.deltaVsNone());
    for (ParameterTable.Row row : rows) {
      assertEquals(row.attentionFormula(), row.counts().attention(), row.variant());
      assertEquals(row.counts().attention(), row.deltaVsNone(), row.variant());
    }
    ParameterTable.Row se = rows.get(1 + AttentionRegistry.names().indexOf("se"));
    assertEquals(89_080L, se.deltaVsNone());
    assertEquals("bn2", se.placement());
  }

  @Test
  void orthoHashsBatchNormIsCountedInTheHashLayer() {
    List<ParameterTable.Row> rows = ParameterTable.forSpec(Specs.spec("none"), new HashSpec(64),
        new ClassifierSpec(false), 10, 32, HashActivation.BATCH_NORM);
    assertEquals(512 * 64 + 64 + 2 * 64, rows.get(0).counts().hash(), "linear + BatchNorm γ, β");
    assertEquals(RESNET18 + 512 * 64 + 64 + 2 * 64, rows.get(0).total());
  }
}
