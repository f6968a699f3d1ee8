package io.dpfah.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Class folders of PNG/JPEG files, like torchvision's ImageFolder: either
 * {@code root/train/<class>/*} and {@code root/test/<class>/*} (pool = train then test) or
 * {@code root/<class>/*} (all images form the training part). Class names are the folder names,
 * sorted; files within a class are sorted by name. Images are decoded lazily.
 */
public final class ImageFolderSource extends FileImagePool implements TrainTestPool {
  private final Path root;
  private final int trainSize;

  private ImageFolderSource(Path root, List<Path> files, Labels labels, List<String> classNames,
      int trainSize) {
    super(files, labels, classNames);
    this.root = root;
    this.trainSize = trainSize;
  }

  /** Scans {@code root}; fails on a missing root, an empty class folder or mismatched splits. */
  public static ImageFolderSource load(Path root) {
    if (root == null || !Files.isDirectory(root)) {
      throw new MissingDataException(
          "image-folder", List.of(root == null ? Path.of("<data.root unset>") : root),
          "data.root must be a folder holding <class>/ or train/<class>/ and test/<class>/ folders");
    }
    Path train = root.resolve("train");
    Path test = root.resolve("test");
    List<Path> files = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    List<String> classes;
    int trainSize;
    if (Files.isDirectory(train)) {
      classes = classFolders(train);
      scan(train, classes, files, ids);
      trainSize = files.size();
      if (Files.isDirectory(test)) {
        List<String> testClasses = classFolders(test);
        if (!testClasses.equals(classes)) {
          throw new DataException(
              test + ": class folders " + testClasses + " differ from " + train + ": " + classes);
        }
        scan(test, classes, files, ids);
      }
    } else {
      classes = classFolders(root);
      scan(root, classes, files, ids);
      trainSize = files.size();
    }
    int[] idArr = ids.stream().mapToInt(Integer::intValue).toArray();
    return new ImageFolderSource(
        root, List.copyOf(files), Labels.ofClassIds(idArr, classes.size()), List.copyOf(classes),
        trainSize);
  }

  private static List<String> classFolders(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names =
          s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      if (names.isEmpty()) {
        throw new DataException(dir + ": no class folders found, expected " + dir + "/<class>/*.png");
      }
      return names;
    } catch (IOException e) {
      throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
    }
  }

  private static void scan(Path dir, List<String> classes, List<Path> files, List<Integer> ids) {
    for (int c = 0; c < classes.size(); c++) {
      Path cdir = dir.resolve(classes.get(c));
      List<Path> imgs;
      try (Stream<Path> s = Files.list(cdir)) {
        imgs = s.filter(p -> Files.isRegularFile(p) && ImageFiles.isImage(p)).sorted().toList();
      } catch (IOException e) {
        throw new DataException(cdir + ": cannot list: " + e.getMessage(), e);
      }
      if (imgs.isEmpty()) {
        throw new DataException(cdir + ": empty class folder, expected .png/.jpg/.jpeg files");
      }
      for (Path p : imgs) {
        files.add(p);
        ids.add(c);
      }
    }
  }

  /** The scanned root folder. */
  public Path root() {
    return root;
  }

  @Override
  public int trainSize() {
    return trainSize;
  }

  @Override
  public String origin(int index) {
    return file(index).toString();
  }
}
