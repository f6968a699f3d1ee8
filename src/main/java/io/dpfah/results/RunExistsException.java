package io.dpfah.results;

/** A finished run with the same id already exists; it is never overwritten silently. */
public final class RunExistsException extends RuntimeException {
  /** Names the existing run folder. */
  public RunExistsException(java.nio.file.Path finished) {
    super(finished + " is already a finished run (metrics.json says finished); "
        + "change the spec or seed, use another --out, or pass --force to replace it "
        + "(the old folder is kept as a hidden .replaced-* copy)");
  }
}
