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

  @Override
  public RawImage image(int index) throws IOException {
    return ImageFiles.decode(files.get(index));
  }
}
