package io.dpfah.search;

import io.dpfah.data.Labels;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.HashCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Hash codes to search and what identifies their rows: either a run's own database
 * ({@code db_codes.npy} with {@code db_labels.npy}; rows follow the protocol's database split, see
 * {@link RunData}) or a file written by {@code dpfah encode} with the {@code paths.txt} beside it.
 *
 * @param source the codes file
 * @param codes the codes, one row per item
 * @param labels labels by row, or {@code null} (encoded files carry none)
 * @param paths image file of each row, or {@code null} (a run's database)
 */
public record CodeDatabase(Path source, HashCodes codes, Labels labels, List<String> paths) {
  /** The file {@code dpfah encode} writes beside its codes: one image path per row. */
  public static final String PATHS_FILE = "paths.txt";

  /** Copies the path list. */
  public CodeDatabase {
    paths = paths == null ? null : List.copyOf(paths);
  }

  /**
   * The run's database codes and labels.
   *
   * @throws SearchException when the files are absent
   * @throws io.dpfah.eval.EvalInputException when they are malformed or do not fit together
   */
  public static CodeDatabase ofRun(RunFolder run) {
    Path codesFile = run.file(RunFolder.DB_CODES);
    Path labelsFile = run.file(RunFolder.DB_LABELS);
    for (Path f : List.of(codesFile, labelsFile)) {
      if (!Files.isRegularFile(f)) {
        throw new SearchException(f + ": missing, expected the database codes and labels a"
            + " finished run saves (they are gitignored, so absent from a fresh clone)");
      }
    }
    HashCodes codes = EvalInputs.codes(codesFile);
    Labels labels = EvalInputs.labels(labelsFile);
    if (labels.size() != codes.size()) {
      throw new SearchException(labelsFile + ": " + labels.size() + " labels, expected "
          + codes.size() + " (one per row of " + codesFile + ")");
    }
    return new CodeDatabase(codesFile, codes, labels, null);
  }

  /**
   * Codes written by {@code dpfah encode}, with their {@link #PATHS_FILE}.
   *
   * @throws SearchException when paths.txt is absent or has another number of rows
   */
  public static CodeDatabase ofEncoded(Path codesFile) {
    if (!Files.isRegularFile(codesFile)) {
      throw new SearchException(codesFile + ": no such codes file, expected one written by"
          + " dpfah encode");
    }
    HashCodes codes = EvalInputs.codes(codesFile);
    Path pathsFile = pathsFile(codesFile);
    if (!Files.isRegularFile(pathsFile)) {
      throw new SearchException(pathsFile + ": missing, expected the image paths dpfah encode"
          + " writes beside " + codesFile.getFileName());
    }
    List<String> paths;
    try {
      paths = Files.readAllLines(pathsFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pathsFile, e);
    }
    if (paths.size() != codes.size()) {
      throw new SearchException(pathsFile + ": " + paths.size() + " paths, expected "
          + codes.size() + " (one per row of " + codesFile + ")");
    }
    return new CodeDatabase(codesFile, codes, null, paths);
  }

  /** The paths file belonging to a codes file: {@code paths.txt} in the same folder. */
  public static Path pathsFile(Path codesFile) {
    return codesFile.resolveSibling(PATHS_FILE);
  }

  /** The label(s) of row {@code row}, by class name where {@code names} has it; "-" without. */
  public String label(int row, List<String> names) {
    return LabelText.of(labels, row, names);
  }

  /** Number of items. */
  public int size() {
    return codes.size();
  }

  /**
   * Checks that the database's codes are {@code bits} long.
   *
   * @param expectedFrom where {@code bits} comes from, for the message
   * @throws SearchException otherwise
   */
  public void requireBits(int bits, String expectedFrom) {
    if (codes.bits() != bits) {
      throw new SearchException(source + ": " + codes.bits() + "-bit codes, expected " + bits
          + " (" + expectedFrom + ")");
    }
  }
}
