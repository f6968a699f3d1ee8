package io.dpfah.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Failures to read or write files that are not the input's fault (a full disk, a results folder
 * without write permission), described in one line: what failed and the system's reason.
 */
public final class IoFailures {
  private IoFailures() {}

  /** The I/O failure behind {@code e} (itself or a cause), or null if there is none. */
  public static Throwable find(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof UncheckedIOException || t instanceof IOException) {
        return t;
      }
    }
    return null;
  }

  /**
   * What failed and why, e.g. {@code cannot create a run folder under r/x: permission denied:
   * r/x}: the message of an {@link UncheckedIOException} followed by the reason of its cause (and
   * the file concerned, unless the message ends with it).
   */
  public static String describe(Throwable failure) {
    if (failure instanceof UncheckedIOException u) {
      String message = u.getMessage();
      if (message == null || message.equals(u.getCause().toString())) {
        return reason(u.getCause());
      }
      String file = u.getCause() instanceof FileSystemException f ? f.getFile() : null;
      return message + ": " + reason(u.getCause(), file == null || !message.endsWith(file));
    }
    return failure instanceof IOException io ? reason(io) : String.valueOf(failure);
  }

  /** The system's reason for {@code e}, with the file it concerns. */
  public static String reason(IOException e) {
    return reason(e, true);
  }

  private static String reason(IOException e, boolean withFile) {
    String file = e instanceof FileSystemException f && f.getFile() != null && withFile
        ? ": " + f.getFile() : "";
    if (e instanceof AccessDeniedException) {
      return "permission denied" + file;
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory" + file;
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists (and is in the way)" + file;
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory" + file;
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + file;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
