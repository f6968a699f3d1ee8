package io.dpfah.data;

import java.io.IOException;

/**
 * A pool of labelled images addressed by index 0..size-1. Protocols select train, query and
 * database subsets of a pool by index. Implementations must be safe for concurrent
 * {@link #image(int)} calls (decoding runs on several threads).
 */
public interface ImageSource {
  /** Number of images in the pool. */
  int size();

  /** Labels of all pool images, by pool index. */
  Labels labels();

  /** Human-readable class names, {@code numClasses()} of them. */
  java.util.List<String> classNames();

  /** Decodes image {@code index}. */
  RawImage image(int index) throws IOException;

  /** Where image {@code index} comes from (file and record or line), for error messages. */
  String origin(int index);

  /**
   * Cheap checks, run before training, that every image can be read (pools decoded lazily from
   * files check each file's image header); in-memory pools have nothing to check.
   *
   * @throws DataException naming the first bad file found
   */
  default void checkReadable() {}
}
