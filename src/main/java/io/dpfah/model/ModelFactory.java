package io.dpfah.model;

import io.dpfah.method.HashActivation;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import io.dpfah.spec.ModelSpec;

/** Builds the DPFAH network from its specs. */
public final class ModelFactory {

  private ModelFactory() {}

  /**
   * Builds an uninitialised network whose classifier (if enabled) reads what {@code
   * classifier.input} names: the hash codes u ({@link ClassifierInput#CODES}), their signs or the
   * features.
   *
   * @param numClasses number of classes (labels); required &gt; 0 when the classifier is enabled
   */
  public static HashingNetwork build(
      ModelSpec model, HashSpec hash, ClassifierSpec classifier, int numClasses) {
    ClassifierInput input = ClassifierInput.of(classifier.input());
    return build(model, hash, classifier, numClasses, input);
  }

  /** As {@link #build(ModelSpec, HashSpec, ClassifierSpec, int)}, choosing the classifier input. */
  public static HashingNetwork build(
      ModelSpec model,
      HashSpec hash,
      ClassifierSpec classifier,
      int numClasses,
      ClassifierInput classifierInput) {
    return build(model, hash, classifier, numClasses, classifierInput, HashActivation.TANH);
  }

  /** The network for a method: its hash-layer activation and the spec's classifier input. */
  public static HashingNetwork build(ModelSpec model, HashSpec hash, ClassifierSpec classifier,
      int numClasses, HashActivation activation) {
    ClassifierInput input = ClassifierInput.of(classifier.input());
    return build(model, hash, classifier, numClasses, input, activation);
  }

  /** The network with every choice explicit. */
  public static HashingNetwork build(
      ModelSpec model,
      HashSpec hash,
      ClassifierSpec classifier,
      int numClasses,
      ClassifierInput classifierInput,
      HashActivation activation) {
    if (model == null || hash == null || classifier == null) {
      throw new ModelException("model, hash and classifier specs are required");
    }
    if (hash.bits() <= 0) {
      throw new ModelException("hash.bits: expected > 0, got " + hash.bits());
    }
    boolean withClassifier = classifier.enabled();
    if (withClassifier && numClasses <= 0) {
      throw new ModelException(
          "classifier.enabled needs the number of classes > 0, got " + numClasses);
    }
    ClassifierInput input = withClassifier ? classifierInput : null;
    return new HashingNetwork(BackboneRegistry.create(model), hash.bits(), numClasses, input,
        activation);
  }
}
