package io.dpfah.notebook;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root, found by searching upward from the working directory for {@code pom.xml},
 * so that notebook paths such as {@code "experiments/quickstart.yaml"} work whether the kernel
 * runs in {@code notebooks/} or in the repository root.
 */
public final class Repo {
  private Repo() {}

  /** The nearest directory at or above the working directory that holds {@code pom.xml}. */
  public static Path root() {
    return rootFrom(Path.of("").toAbsolutePath());
  }

  /** The nearest directory at or above {@code start} that holds {@code pom.xml}. */
  static Path rootFrom(Path start) {
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new NotebookException("no pom.xml at or above " + start.toAbsolutePath()
        + ": start the kernel inside the dpfah repository (or pass absolute paths)");
  }

  /** {@code path} as is when absolute, else resolved against the repository root. */
  public static Path path(String path) {
    return path(Path.of(path));
  }

  /** {@code path} as is when absolute, else resolved against the repository root. */
  public static Path path(Path path) {
    return path.isAbsolute() ? path : root().resolve(path).normalize();
  }
}
