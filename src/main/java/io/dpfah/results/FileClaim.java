package io.dpfah.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * An exclusive claim on a lock file, held by an OS file lock ({@link FileChannel#tryLock}): it
 * is released when closed or when the process dies (even by SIGKILL), so a killed holder never
 * leaves a stale claim. On a file system whose locks do not work (an NFS mount without a lock
 * service, some FUSE file systems) claiming fails with a {@link LocksUnsupportedException} that
 * says so, instead of letting two processes believe they both hold the claim.
 */
public final class FileClaim implements AutoCloseable {

  /** Opens the channel of a lock file; a seam for tests of file systems without locks. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path file) throws IOException;
  }

  private static final Opener DEFAULT = file -> FileChannel.open(file, StandardOpenOption.CREATE,
      StandardOpenOption.WRITE);

  private final FileChannel channel;
  private final FileLock lock;

  private FileClaim(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Claims {@code file} (created with its folder when absent), or returns {@code null} when
   * another process (or another claim in this one) holds it.
   *
   * @throws LocksUnsupportedException when the file system cannot lock the file
   * @throws UncheckedIOException when the lock file cannot be created
   */
  public static FileClaim tryAcquire(Path file) {
    return tryAcquire(file, DEFAULT);
  }

  static FileClaim tryAcquire(Path file, Opener opener) {
    FileChannel ch;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ch = opener.open(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the lock file " + file, e);
    }
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new LocksUnsupportedException(file, e);
    } catch (UnsupportedOperationException e) {
      closeQuietly(ch);
      throw new LocksUnsupportedException(file, new IOException(
          "the file system does not implement locking (" + e.getMessage() + ")", e));
    }
    if (l == null) {
      closeQuietly(ch);
      return null;
    }
    return new FileClaim(ch, l);
  }

  /**
   * Claims {@code file}, waiting up to {@code patience} for another holder to let go.
   *
   * @throws UncheckedIOException when it is still held after that long
   */
  public static FileClaim acquire(Path file, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      FileClaim c = tryAcquire(file);
      if (c != null) {
        return c;
      }
      if (System.nanoTime() > deadline) {
        throw new UncheckedIOException("cannot lock " + file, new IOException(
            String.format(Locale.ROOT, "still held by another process after %.1f s",
                patience.toMillis() / 1000.0)));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException("interrupted while waiting for the lock " + file,
            new IOException("interrupted", e));
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock file", e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // the claim failed already; the original error is what matters
    }
  }

  /** File locks do not work where the lock file lives. */
  public static final class LocksUnsupportedException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    LocksUnsupportedException(Path file, IOException cause) {
      super("cannot lock " + file + ": file locks do not work on this file system, and dpfah"
          + " claims each run with one so that several processes (Slurm array tasks, Kubernetes"
          + " pods) can share a results folder; put the results folder (--out) on a local disk or"
          + " a file system with working locks (NFS with its lock service, Lustre mounted with"
          + " -o flock, BeeGFS/GPFS)", cause);
    }
  }
}
