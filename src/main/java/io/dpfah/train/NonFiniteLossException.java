package io.dpfah.train;

/** The loss became NaN or infinite: training stops and the run is recorded as failed. */
public final class NonFiniteLossException extends RuntimeException {
  /** Describes where it happened and the terms' values. */
  public NonFiniteLossException(int epoch, int batch, String terms) {
    super("loss is not finite at epoch " + epoch + ", batch " + batch + " (terms: " + terms
        + "); lower optim.lr, check the data's normalisation, or enable a warm-up");
  }
}
