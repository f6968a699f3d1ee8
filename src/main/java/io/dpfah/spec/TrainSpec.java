package io.dpfah.spec;

/**
 * Checkpointing of the training loop.
 *
 * @param checkpoint write a checkpoint into the run's work folder after every epoch, so a killed
 *     run resumes from it (default true)
 * @param checkpointEvery also write one every N optimiser steps inside an epoch; 0 = only at the
 *     ends of epochs
 */
public record TrainSpec(boolean checkpoint, int checkpointEvery) {

  /** The defaults: a checkpoint after every epoch, none inside epochs. */
  public static final TrainSpec DEFAULT = new TrainSpec(true, 0);
}
