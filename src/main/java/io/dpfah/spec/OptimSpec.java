package io.dpfah.spec;

/**
 * Optimiser and learning-rate schedule.
 *
 * @param optimizer sgd, adam or rmsprop
 * @param lr base learning rate
 * @param momentum SGD momentum (RMSprop: its momentum)
 * @param weightDecay L2 weight decay
 * @param batchSize training batch size
 * @param epochs training epochs
 * @param schedule none, step or cosine
 * @param stepEpochs step schedule: epochs between decays
 * @param gamma step schedule: decay factor
 * @param warmupEpochs linear warm-up epochs (0 = off)
 * @param backboneLrMult learning-rate multiplier of the backbone's parameters relative to the new
 *     layers (attention, hash, classifier), default 1 (HashNet fine-tunes with 0.1)
 */
public record OptimSpec(
    String optimizer,
    double lr,
    double momentum,
    double weightDecay,
    int batchSize,
    int epochs,
    String schedule,
    int stepEpochs,
    double gamma,
    int warmupEpochs,
    double backboneLrMult) {

  /** An optimiser spec with the same learning rate for every parameter. */
  public OptimSpec(String optimizer, double lr, double momentum, double weightDecay, int batchSize,
      int epochs, String schedule, int stepEpochs, double gamma, int warmupEpochs) {
    this(optimizer, lr, momentum, weightDecay, batchSize, epochs, schedule, stepEpochs, gamma,
        warmupEpochs, 1.0);
  }
}
