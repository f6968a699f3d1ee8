package io.dpfah.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * torchvision's AlexNet and VGG16 without the last classifier layer: {@code features} →
 * AdaptiveAvgPool → flatten → {@code classifier[:6]} (two Linear(…→4096) + ReLU + Dropout, as
 * DeepHash-pytorch uses them), giving B×4096 features. No attention modules.
 */
public final class ClassicBackbone extends Backbone {

  /** Width of the output features. */
  public static final int FEATURES = 4096;

  private static final int M = -1;
  private static final int[] VGG16 = {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M,
      512, 512, 512, M};

  private final SequentialBlock body = new SequentialBlock();
  private final String name;

  private ClassicBackbone(String name) {
    this.name = name;
  }

  /** torchvision's {@code alexnet()}. */
  static ClassicBackbone alexnet() {
    ClassicBackbone b = new ClassicBackbone("alexnet");
    SequentialBlock f = new SequentialBlock()
        .add(b.torch("features.0", Convs.conv(64, 11, 4, 2, true))).add(InferenceOps::relu)
        .add(InferenceOps.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
        .add(b.torch("features.3", Convs.conv(192, 5, 1, 2, true))).add(InferenceOps::relu)
        .add(InferenceOps.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
        .add(b.torch("features.6", Convs.conv(384, 3, 1, 1, true))).add(InferenceOps::relu)
        .add(b.torch("features.8", Convs.conv(256, 3, 1, 1, true))).add(InferenceOps::relu)
        .add(b.torch("features.10", Convs.conv(256, 3, 1, 1, true))).add(InferenceOps::relu)
        .add(InferenceOps.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
    SequentialBlock c = new SequentialBlock()
        .add(Dropout.builder().optRate(0.5f).build())
        .add(b.torch("classifier.1", linear()))
        .add(InferenceOps::relu)
        .add(Dropout.builder().optRate(0.5f).build())
        .add(b.torch("classifier.4", linear()))
        .add(InferenceOps::relu);
    return b.assemble(f, 6, c);
  }

  /** torchvision's {@code vgg16()} (configuration D, no BatchNorm). */
  static ClassicBackbone vgg16() {
    ClassicBackbone b = new ClassicBackbone("vgg16");
    SequentialBlock f = new SequentialBlock();
    int index = 0;
    for (int v : VGG16) {
      if (v == M) {
        f.add(InferenceOps.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        index++;
      } else {
        f.add(b.torch("features." + index, Convs.conv(v, 3, 1, 1, true)));
        f.add(InferenceOps::relu);
        index += 2;
      }
    }
    SequentialBlock c = new SequentialBlock()
        .add(b.torch("classifier.0", linear()))
        .add(InferenceOps::relu)
        .add(Dropout.builder().optRate(0.5f).build())
        .add(b.torch("classifier.3", linear()))
        .add(InferenceOps::relu)
        .add(Dropout.builder().optRate(0.5f).build());
    return b.assemble(f, 7, c);
  }

  private static Linear linear() {
    return Linear.builder().setUnits(FEATURES).optBias(true).build();
  }

  private ClassicBackbone assemble(SequentialBlock features, int pool, SequentialBlock classifier) {
    body.add(features).add(new AdaptiveAvgPool(pool)).add(Blocks.batchFlattenBlock())
        .add(classifier);
    stage("features", features);
    stage("classifier", classifier);
    addChildBlock("body", body);
    return this;
  }

  @Override
  public int features() {
    return FEATURES;
  }

  @Override
  public List<Integer> channels() {
    return List.of();
  }

  @Override
  public List<String> droppedKeys() {
    return List.of("classifier.6.weight", "classifier.6.bias");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return Intermediates.forward(body, ps, inputs, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), FEATURES)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != 3 || in.get(2) < 32 || in.get(3) < 32) {
      throw new ModelException(name + " input: expected B×3×H×W with H, W ≥ 32, got " + in);
    }
    body.initialize(manager, dataType, inputShapes);
  }
}
