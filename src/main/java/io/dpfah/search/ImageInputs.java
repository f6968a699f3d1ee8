package io.dpfah.search;

import io.dpfah.data.DataException;
import io.dpfah.data.ImageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images to encode, from a folder or a list file. A folder gives every {@code .png},
 * {@code .jpg} and {@code .jpeg} file below it (sub-folders included), sorted by path. A list
 * file gives one image per non-blank line: the line's first whitespace-separated field, so
 * DeepHash-pytorch list files ({@code path 0 1 0 ...}) work as they are; a relative path is
 * relative to the list file's folder. Paths are returned absolute and normalised.
 */
public final class ImageInputs {
  private ImageInputs() {}

  /**
   * The image files {@code dirOrList} names, in encoding order.
   *
   * @throws DataException when it is neither a folder nor a file, holds no images, or lists a
   *     file that does not exist (line named)
   */
  public static List<Path> resolve(Path dirOrList) {
    if (Files.isDirectory(dirOrList)) {
      return folder(dirOrList);
    }
    if (Files.isRegularFile(dirOrList)) {
      return list(dirOrList);
    }
    throw new DataException(dirOrList + ": no such folder or list file, expected a folder of"
        + " PNG/JPEG images or a file listing one image path per line");
  }

  private static List<Path> folder(Path dir) {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> Files.isRegularFile(p) && ImageFiles.isImage(p))
          .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    if (files.isEmpty()) {
      throw new DataException(dir + ": no .png, .jpg or .jpeg files found in the folder");
    }
    return files;
  }

  private static List<Path> list(Path listFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(listFile + ": cannot read as a UTF-8 list of image paths ("
          + e.getMessage() + ")", e);
    }
    Path base = listFile.toAbsolutePath().getParent();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      Path file = base.resolve(line.split("\\s+")[0]).normalize();
      if (!Files.isRegularFile(file)) {
        throw new DataException(listFile + " line " + (i + 1) + ": " + file
            + " does not exist, expected an image file");
      }
      files.add(file);
    }
    if (files.isEmpty()) {
      throw new DataException(listFile + ": no image paths listed");
    }
    return List.copyOf(files);
  }
}
