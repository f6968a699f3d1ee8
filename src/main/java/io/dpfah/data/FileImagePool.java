package io.dpfah.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A pool of image files decoded lazily on demand: what image folders and list files share. */
abstract class FileImagePool implements ImageSource {
  private final List<Path> files;
  private final Labels labels;
  private final List<String> classNames;

  FileImagePool(List<Path> files, Labels labels, List<String> classNames) {
    this.files = files;
    this.labels = labels;
    this.classNames = List.copyOf(classNames);
  }

  /** Image file of pool index {@code i}. */
  public Path file(int i) {
    return files.get(i);
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /**
   * Checks every file's image header on all cores, so that a file that is not a readable image
   * is reported, with its name and origin, before any training starts.
   *
   * @throws DataException for an unreadable file
   */
  @Override
  public void checkReadable() {
    java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
      try {
        ImageFiles.checkHeader(files.get(i));
      } catch (DataException e) {
        throw new DataException(origin(i) + ": " + e.getMessage().replace(files.get(i) + ": ", ""),
            e);
      }
    });
  }

  @Override
  public RawImage image(int index) throws IOException {
    return ImageFiles.decode(files.get(index));
  }
}
