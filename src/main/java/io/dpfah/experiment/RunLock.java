package io.dpfah.experiment;

import io.dpfah.results.FileClaim;
import java.nio.file.Path;

/**
 * An exclusive claim on one run of an experiment ({@code <experiment>/.locks/<run-id>.lock}), a
 * {@link FileClaim}: released when closed or when the process dies, so a killed worker never
 * leaves a stale claim and the next worker picks the run up.
 */
final class RunLock implements AutoCloseable {
  private final FileClaim claim;

  private RunLock(FileClaim claim) {
    this.claim = claim;
  }

  /**
   * Claims the run, or returns {@code null} when another process holds it.
   *
   * @throws FileClaim.LocksUnsupportedException when the results folder's file system has no
   *     working locks
   */
  static RunLock tryAcquire(Path experimentDir, String runId) {
    FileClaim c = FileClaim.tryAcquire(lockFile(experimentDir, runId));
    return c == null ? null : new RunLock(c);
  }

  /** Where the lock of a run lives. */
  static Path lockFile(Path experimentDir, String runId) {
    return experimentDir.resolve(".locks").resolve(runId + ".lock");
  }

  @Override
  public void close() {
    claim.close();
  }
}
