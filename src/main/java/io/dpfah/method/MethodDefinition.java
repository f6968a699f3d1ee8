package io.dpfah.method;

import java.util.List;
import java.util.function.Function;

/**
 * A method's one declaration: everything the spec, the trainer and the README know about it.
 *
 * @param name registry name (the value of {@code method} / {@code method.name})
 * @param summary one line for the README
 * @param reference the reference implementation the loss reproduces
 * @param multiLabel whether it trains on multi-label data
 * @param activation what the network applies to the hash layer's output
 * @param classifier whether and how it uses the network's classification branch
 * @param terms names of the loss terms it reports (history.csv columns)
 * @param params its hyper-parameters, under {@code method.<name>}
 * @param factory builds an instance for a run
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
    Function<MethodContext, Method> factory) {

  /** Whether it has the network's classification branch (by default). */
  public boolean hasClassifier() {
    return classifier != ClassifierUse.NONE;
  }

  /** Builds the method for a run. */
  public Method create(MethodContext context) {
    return factory.apply(context);
  }
}
