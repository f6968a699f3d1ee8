package io.dpfah.spec;

/**
 * A fully resolved, validated experiment: what one run trains and evaluates.
 * Built by {@link SpecLoader}; every field has been checked and defaulted.
 *
 * @param name experiment name (results go to {@code results/<name>/})
 * @param seed seed for data splits, initialisation, shuffling and augmentation
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param threads intra-op CPU threads, 0 = library default
 * @param data data set, protocol and preprocessing
 * @param model backbone and attention
 * @param hash hash layer
 * @param classifier classification branch
 * @param method the training method and its hyper-parameters
 * @param loss loss weights of the dpfah method
 * @param optim optimiser and schedule
 * @param train checkpointing of the training loop
 * @param eval evaluation settings
 * @param sweep sweep axes, or {@code null} for a single run
 */
public record ExperimentSpec(
    String name,
    long seed,
    String device,
    int threads,
    DataSpec data,
    ModelSpec model,
    HashSpec hash,
    ClassifierSpec classifier,
    MethodSpec method,
    LossSpec loss,
    OptimSpec optim,
    TrainSpec train,
    EvalSpec eval,
    SweepSpec sweep) {

  /** A spec with the default checkpointing ({@link TrainSpec#DEFAULT}). */
  public ExperimentSpec(String name, long seed, String device, int threads, DataSpec data,
      ModelSpec model, HashSpec hash, ClassifierSpec classifier, MethodSpec method, LossSpec loss,
      OptimSpec optim, EvalSpec eval, SweepSpec sweep) {
    this(name, seed, device, threads, data, model, hash, classifier, method, loss, optim,
        TrainSpec.DEFAULT, eval, sweep);
  }
}
