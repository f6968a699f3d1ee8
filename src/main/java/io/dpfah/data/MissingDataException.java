package io.dpfah.data;

import java.nio.file.Path;
import java.util.List;

/** A data set's files are absent; carries the missing paths and how to obtain them. */
public final class MissingDataException extends DataException {
  private final List<Path> missing;
  private final String howToGet;

  /** Missing {@code files}; {@code howToGet} tells the user what to install or download. */
  public MissingDataException(String dataset, List<Path> files, String howToGet) {
    super(
        dataset + ": missing file(s) " + files + (howToGet.isEmpty() ? "" : "; " + howToGet));
    this.missing = List.copyOf(files);
    this.howToGet = howToGet;
  }

  /** The files that were expected but not found. */
  public List<Path> missing() {
    return missing;
  }

  /** Instructions to obtain the files. */
  public String howToGet() {
    return howToGet;
  }
}
