package io.dpfah.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive claim on one run of an experiment ({@code <experiment>/.locks/<run-id>.lock}),
 * held by an OS file lock: released when closed or when the process dies, so a killed sweep
 * never leaves a stale claim.
 */
final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Claims the run, or returns {@code null} when another process holds it. */
  static RunLock tryAcquire(Path experimentDir, String runId) {
    try {
      Path dir = Files.createDirectories(experimentDir.resolve(".locks"));
      FileChannel ch = FileChannel.open(dir.resolve(runId + ".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        return null;
      }
      return new RunLock(ch, l);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock run " + runId + " in " + experimentDir, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
