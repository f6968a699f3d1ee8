package io.dpfah.model;

import io.dpfah.method.HashActivation;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Backbone → hash layer → optional classifier. {@code forward(NDList[images B×3×H×W])} returns
 * {@code [u]} or, with a classifier, {@code [u, logits]}, where u (B×K) is {@code Linear(F→K)(f)}
 * (F = the backbone's feature width) after the method's {@link HashActivation} and {@code logits}
 * (B×classes) come from u, sign(u) or f (see {@link ClassifierInput}).
 */
public final class HashingNetwork extends AbstractBlock {

  private final Backbone backbone;
  private final Linear hash;
  private final BatchNorm hashNorm;
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
    this.hashNorm = activation == HashActivation.BATCH_NORM
        ? addChildBlock("hashNorm", BatchNorm.builder().build()) : null;
    this.bits = bits;
    this.classifierInput = classifierInput;
    this.classifier =
        classifierInput == null
            ? null
            : addChildBlock("classifier", Linear.builder().setUnits(numClasses)
                .optBias(classifierInput != ClassifierInput.SIGNS).build());
  }

  /**
   * sign(u) forward with the identity as its gradient (the straight-through estimator of
   * GreedyHash); exactly sign(u), as {@code sign(u)} plus the exact zero {@code u − u}.
   */
  public static NDArray straightThroughSign(NDArray u) {
    return u.sign().stopGradient().add(u.sub(u.stopGradient()));
  }

  /** The backbone (features extractor). */
  public Backbone backbone() {
    return backbone;
  }

  /** The hash layer (before its activation). */
  public Linear hashLayer() {
    return hash;
  }

  /** The BatchNorm after the hash layer ({@link HashActivation#BATCH_NORM}), or {@code null}. */
  public BatchNorm hashNorm() {
    return hashNorm;
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
    NDArray u = switch (activation) {
      case TANH -> h.tanh();
      case BATCH_NORM -> hashNorm.forward(ps, new NDList(h), training).singletonOrThrow();
      case NONE -> h;
    };
    if (classifier == null) {
      return new NDList(u);
    }
    NDList classifierIn = switch (classifierInput) {
      case CODES -> new NDList(u);
      case SIGNS -> new NDList(straightThroughSign(u));
      case FEATURES -> features;
    };
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
    boolean codes = classifierInput != ClassifierInput.FEATURES;
    return new Shape(batch, codes ? bits : backbone.features());
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    backbone.initialize(manager, dataType, inputShapes);
    long batch = inputShapes[0].get(0);
    hash.initialize(manager, dataType, new Shape(batch, backbone.features()));
    if (hashNorm != null) {
      hashNorm.initialize(manager, dataType, new Shape(batch, bits));
    }
    if (classifier != null) {
      classifier.initialize(manager, dataType, classifierInputShape(batch));
    }
  }
}
