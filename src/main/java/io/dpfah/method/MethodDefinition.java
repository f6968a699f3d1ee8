package io.dpfah.method;

import io.dpfah.spec.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A method's one declaration: everything the spec, the trainer and the README know about it. A
 * deep method trains the network by gradient descent on its loss ({@link #factory}); a shallow
 * one ({@link #isShallow}) trains nothing: it fits a linear hash on a backbone's pooled features
 * of the training images ({@link #hasher}), so the {@code optim} section, augmentation and the
 * classifier do not apply to it.
 *
 * @param name registry name (the value of {@code method} / {@code method.name})
 * @param summary one line for the README
 * @param reference the reference implementation the loss reproduces
 * @param multiLabel whether it trains on multi-label data
 * @param activation what the network applies to the hash layer's output
 * @param classifier whether and how it uses the network's classification branch
 * @param terms names of the loss terms it reports (history.csv columns)
 * @param params its hyper-parameters, under {@code method.<name>}
 * @param factory builds an instance for a run ({@code null} for a shallow method)
 * @param hasher builds the feature hasher of a shallow method ({@code null} for a deep one)
 */
public record MethodDefinition(
    String name,
    String summary,
    String reference,
    boolean multiLabel,
    HashActivation activation,
    ClassifierUse classifier,
    List<String> terms,
    List<Param> params,
    Function<MethodContext, Method> factory,
    Function<MethodSpec, ShallowHasher> hasher) {

  /** A deep method: trained by gradient descent on its loss. */
  public MethodDefinition(String name, String summary, String reference, boolean multiLabel,
      HashActivation activation, ClassifierUse classifier, List<String> terms, List<Param> params,
      Function<MethodContext, Method> factory) {
    this(name, summary, reference, multiLabel, activation, classifier, terms, params, factory,
        null);
  }

  /**
   * A shallow method: unsupervised (so any labels, multi-label included), no classifier, no loss
   * terms; its parameters are {@code params} followed by {@link ShallowHasher#RANDOM_BACKBONE}.
   */
  public static MethodDefinition shallow(String name, String summary, String reference,
      List<Param> params, Function<MethodSpec, ShallowHasher> hasher) {
    List<Param> all = new ArrayList<>(params);
    all.add(ShallowHasher.RANDOM_BACKBONE);
    return new MethodDefinition(name, summary, reference, true, HashActivation.NONE,
        ClassifierUse.NONE, List.of(), List.copyOf(all), null, hasher);
  }

  /** Whether it fits on features instead of training the network. */
  public boolean isShallow() {
    return hasher != null;
  }

  /** Whether it has the network's classification branch (by default). */
  public boolean hasClassifier() {
    return classifier != ClassifierUse.NONE;
  }

  /**
   * Builds the method for a training run.
   *
   * @throws IllegalStateException for a shallow method, which has no loss
   */
  public Method create(MethodContext context) {
    if (factory == null) {
      throw new IllegalStateException("method " + name + " is shallow: it has no loss and"
          + " trains no network");
    }
    return factory.apply(context);
  }

  /**
   * Builds the feature hasher of a shallow method with its resolved parameters.
   *
   * @throws IllegalStateException for a deep method
   */
  public ShallowHasher createHasher(MethodSpec params) {
    if (hasher == null) {
      throw new IllegalStateException("method " + name + " is trained by its loss, not fitted"
          + " on features");
    }
    return hasher.apply(params);
  }
}
