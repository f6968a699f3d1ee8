package io.dpfah.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClaimTest {
  @TempDir Path dir;

  @Test
  void aClaimHeldByAnotherProcessIsRefusedAndFreedWhenThatProcessIsKilled() throws Exception {
    Path lock = dir.resolve(".locks/run.lock");
    Process holder = ClaimHolder.start(lock);
    try {
      assertNull(FileClaim.tryAcquire(lock), "held by a live process");
      UncheckedIOException busy = assertThrows(UncheckedIOException.class,
          () -> FileClaim.acquire(lock, Duration.ofMillis(300)));
      assertEquals("cannot lock " + lock + ": still held by another process after 0.3 s",
          IoFailures.describe(busy));
    } finally {
      ClaimHolder.kill(holder);
    }
    assertEquals(137, holder.exitValue(), "killed by SIGKILL (128 + 9)");
    try (FileClaim c = FileClaim.tryAcquire(lock)) {
      assertNotNull(c, "the kernel dropped the dead holder's lock");
      assertNull(FileClaim.tryAcquire(lock), "and this process holds it now");
    }
    try (FileClaim again = FileClaim.tryAcquire(lock)) {
      assertNotNull(again, "released on close");
    }
  }

  @Test
  void aFileSystemWhoseLocksFailIsNamedAsSuch() {
    Path lock = dir.resolve("x.lock");
    FileClaim.LocksUnsupportedException e = assertThrows(
        FileClaim.LocksUnsupportedException.class,
        () -> FileClaim.tryAcquire(lock, f -> new NoLocks(new IOException("No locks available"))));
    assertTrue(e.getMessage().startsWith("cannot lock " + lock
        + ": file locks do not work on this file system"), e.getMessage());
    assertEquals("cannot lock " + lock + ": file locks do not work on this file system, and dpfah"
        + " claims each run with one so that several processes (Slurm array tasks, Kubernetes"
        + " pods) can share a results folder; put the results folder (--out) on a local disk or"
        + " a file system with working locks (NFS with its lock service, Lustre mounted with"
        + " -o flock, BeeGFS/GPFS): No locks available", IoFailures.describe(e),
        "the CLI's one line ends with the system's reason");

    FileClaim.LocksUnsupportedException u = assertThrows(
        FileClaim.LocksUnsupportedException.class,
        () -> FileClaim.tryAcquire(lock, f -> new NoLocks(null)));
    assertTrue(IoFailures.describe(u).endsWith(
        ": the file system does not implement locking (no locks here)"), IoFailures.describe(u));
  }

  /** A channel whose tryLock fails as on NFS without lockd, or is not implemented at all. */
  private static final class NoLocks extends FileChannel {
    private final IOException failure;

    NoLocks(IOException failure) {
      this.failure = failure;
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      if (failure == null) {
        throw new UnsupportedOperationException("no locks here");
      }
      throw failure;
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return tryLock(position, size, shared);
    }

    @Override
    public int read(ByteBuffer dst) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
      return 0;
    }

    @Override
    public FileChannel position(long newPosition) {
      return this;
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public FileChannel truncate(long size) {
      return this;
    }

    @Override
    public void force(boolean metaData) {}

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() {}
  }
}
