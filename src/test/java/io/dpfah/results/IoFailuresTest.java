package io.dpfah.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class IoFailuresTest {
  @Test
  void aFullDiskAndAPermissionProblemSayWhatFailedAndWhy() {
    assertEquals("cannot write r/x/history.csv: No space left on device",
        IoFailures.describe(new UncheckedIOException("cannot write r/x/history.csv",
            new FileSystemException("r/x/history.csv", null, "No space left on device"))));
    assertEquals("cannot write r/x/run.log: No space left on device",
        IoFailures.describe(new UncheckedIOException("cannot write r/x/run.log",
            new IOException("No space left on device"))));
    assertEquals("cannot create a run folder under r/x: permission denied: r",
        IoFailures.describe(new UncheckedIOException("cannot create a run folder under r/x",
            new AccessDeniedException("r"))));
  }

  @Test
  void theFailureIsFoundAnywhereInTheCauseChain() {
    UncheckedIOException io = new UncheckedIOException("cannot write m.json", new IOException("x"));
    assertSame(io, IoFailures.find(new IllegalStateException("wrapped", io)));
    assertNull(IoFailures.find(new IllegalStateException("no I/O here")));
  }
}
