package io.dpfah.model;

import io.dpfah.method.HashActivation;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Backbone → hash layer → optional classifier. {@code forward(NDList[images B×3×H×W])} returns
 * {@code [u]} or, with a classifier, {@code [u, logits]}, where {@code u = tanh(Linear(F→K)(f))}
 * (B×K, F = the backbone's feature width; without the tanh for methods whose loss applies its
 * own activation, see {@link HashActivation}) and {@code logits} (B×classes) come from u or from
 * f (see {@link ClassifierInput}).
 */
public final class HashingNetwork extends AbstractBlock {

  private final Backbone backbone;
  private final Linear hash;
  private final Linear classifier;
  private final ClassifierInput classifierInput;
  private final int bits;
  private final HashActivation activation;

  HashingNetwork(Backbone backbone, int bits, int numClasses,
      ClassifierInput classifierInput, HashActivation activation) {
    super((byte) 1);
    this.activation = activation;
    this.backbone = addChildBlock("backbone", backbone);
    this.hash = addChildBlock("hash", Linear.builder().setUnits(bits).optBias(true).build());
    this.bits = bits;
    this.classifierInput = classifierInput;
    this.classifier =
        classifierInput == null
            ? null
            : addChildBlock("classifier", Linear.builder().setUnits(numClasses).build());
  }

  /** The backbone (features extractor). */
  public Backbone backbone() {
    return backbone;
  }

  /** The hash layer (before tanh). */
  public Linear hashLayer() {
    return hash;
  }

  /** The classification layer, or {@code null} when the branch is disabled. */
  public Linear classifier() {
    return classifier;
  }

  /** Whether forward returns logits as its second output. */
  public boolean hasClassifier() {
    return classifier != null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList features = backbone.forward(ps, inputs, training, params);
    NDArray h = hash.forward(ps, features, training).singletonOrThrow();
    NDArray u = activation == HashActivation.TANH ? h.tanh() : h;
    if (classifier == null) {
      return new NDList(u);
    }
    NDList classifierIn = classifierInput == ClassifierInput.CODES ? new NDList(u) : features;
    return new NDList(u, classifier.forward(ps, classifierIn, training).singletonOrThrow());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    Shape u = new Shape(batch, bits);
    if (classifier == null) {
      return new Shape[] {u};
    }
    Shape logits = classifier.getOutputShapes(new Shape[] {classifierInputShape(batch)})[0];
    return new Shape[] {u, logits};
  }

  private Shape classifierInputShape(long batch) {
    boolean codes = classifierInput == ClassifierInput.CODES;
    return new Shape(batch, codes ? bits : backbone.features());
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    backbone.initialize(manager, dataType, inputShapes);
    long batch = inputShapes[0].get(0);
    hash.initialize(manager, dataType, new Shape(batch, backbone.features()));
    if (classifier != null) {
      classifier.initialize(manager, dataType, classifierInputShape(batch));
    }
  }
}
